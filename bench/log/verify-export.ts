import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { encodeLeaf, LeafFields, newSalts } from '../../src/log/leaf';
import { MemoryTree } from '../../src/log/memory-tree';
import { inclusionProof } from '../../src/log/merkle';
import { generateSignerKey, parseSignerKey, signCheckpoint, verifierKeyOf } from '../../src/log/signed-note';
import { report } from '../lib';

/**
 * The verifier on a background JSON export of ROWS timeline events (the layout of
 * src/exports/export-proofs.ts: ten fields shown, three withheld, an inclusion proof per row),
 * run as an inquiry runs it: `node scripts/verify.mjs --key <key> <file>`, start to exit. Raw: the
 * same file read and JSON.parse'd in one Node process, i.e. the floor for any verifier of it.
 */
const ROWS = Number(process.env.BENCH_VERIFY_ROWS ?? 100_000);
const TARGET = { atLeast: 50_000 } as const;
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'verify.mjs');
const SHOWN = [
  'id',
  'type',
  'occurredAt',
  'precision',
  'title',
  'description',
  'source',
  'evidenceIds',
  'recordedAt',
  'supersedes',
];

function event(i: number): LeafFields {
  const at = new Date(Date.UTC(2019, 0, 1) + i * 60_000).toISOString();
  return {
    id: randomUUID(),
    caseId: randomUUID(),
    type: 'correspondence',
    occurredAt: at,
    precision: 'exact',
    title: `Letter ${i} from the National Executive Committee`,
    description: i % 3 ? null : 'Minutes of the branch meeting, with the decision and its reasons.',
    source: i % 2 ? null : 'Branch secretary',
    evidenceIds: [],
    recordedAt: at,
    recordedBy: randomUUID(),
    supersedes: null,
    appealId: null,
  };
}

export async function writeExport(path: string): Promise<{ key: string; bytes: number }> {
  const origin = 'caseline.bench/log';
  const signer = parseSignerKey(generateSignerKey(origin));
  const records = Array.from({ length: ROWS }, (_, i) => event(i));
  const salts = records.map((r) => newSalts(r));
  const leaves = records.map((r, i) => encodeLeaf('timeline', r, salts[i]));
  const tree = MemoryTree.of(leaves.map((l) => l.data));
  const checkpoint = signCheckpoint({ origin, size: tree.size, root: tree.root() }, signer);
  const out = createWriteStream(path);
  const head = { generatedAt: new Date().toISOString(), format: 'json', filters: {}, pseudonymised: false };
  out.write(
    `{"manifest":${JSON.stringify({ ...head, verifiable: { format: 'caseline-verifiable-export/1', checkpoint, checkpointAt: head.generatedAt } })},"events":[`,
  );
  for (let i = 0; i < ROWS; i++) {
    const r = records[i];
    const fields = Object.fromEntries(SHOWN.map((n) => [n, { salt: salts[i][n], value: r[n] }]));
    const withheld = Object.fromEntries(
      Object.keys(r)
        .filter((n) => !SHOWN.includes(n))
        .map((n) => [n, leaves[i].digests[n]]),
    );
    const proof = (await inclusionProof(i, tree.size, tree.reader)).map((h) => h.toString('base64'));
    const row = {
      caseReference: `CL-${i}`,
      member: `Member ${i}`,
      ...Object.fromEntries(SHOWN.map((n) => [n, r[n]])),
      recordedBy: 'Carla Caseworker',
      proof: { leafIndex: i, kind: 'timeline', proof, fields, withheld },
    };
    if (!out.write(`${i ? ',\n' : ''}${JSON.stringify(row)}`)) await once(out, 'drain');
  }
  out.end(']}\n');
  await once(out, 'close');
  return { key: verifierKeyOf(signer), bytes: statSync(path).size };
}

export async function benchVerifier(dir: string): Promise<boolean> {
  const path = join(dir, 'verifiable-export.json');
  const { key, bytes } = await writeExport(path);
  const keyPath = join(dir, 'key.txt');
  writeFileSync(keyPath, key);

  const started = performance.now();
  const run = spawnSync(process.execPath, [SCRIPT, '--key', keyPath, path], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`the verifier refused the bench export: ${run.stdout}${run.stderr}`);

  const rawStarted = performance.now();
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { events: unknown[] };
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  if (parsed.events.length !== ROWS) throw new Error('the bench export lost rows');

  process.stdout.write(`  verifiable JSON export of ${ROWS} rows: ${(bytes / 1e6).toFixed(0)} MB\n`);
  return report(
    `verifier on a ${ROWS}-row export (node scripts/verify.mjs, start to exit)`,
    Math.round(ROWS / seconds),
    'rows/s',
    Math.round(ROWS / rawSeconds),
    TARGET,
  );
}
