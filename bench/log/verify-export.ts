import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  createWriteStream,
  fsyncSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { ExportEvent } from '../../src/exports/export-format';
import { rowProof, verifiableHead } from '../../src/exports/export-proofs';
import { encodeLeaf, LeafFields, newSalts } from '../../src/log/leaf';
import { MemoryTree } from '../../src/log/memory-tree';
import { inclusionProof } from '../../src/log/merkle';
import { SharedPaths } from '../../src/log/shared-paths';
import { generateSignerKey, parseSignerKey, signCheckpoint, verifierKeyOf } from '../../src/log/signed-note';
import { DatePrecision } from '../../src/timeline/timeline-event.entity';
import { report } from '../lib';

/**
 * The verifier on a background JSON export of ROWS timeline events, written by the exporter's own
 * code (rowProof, SharedPaths: ten fields shown, three withheld, shared inclusion paths) from a log
 * with two other leaves (audit entries, custody) around every event, and run as an inquiry runs
 * it: `node scripts/verify.mjs --key <key> <file>`, start to exit (on its default threads). Raw: the
 * same file read and JSON.parse'd whole in one Node process, what any reader of it does at least once.
 */
const ROWS = Number(process.env.BENCH_VERIFY_ROWS ?? 100_000);
const LEAVES_PER_ROW = 3;
const TARGET = { atLeast: 50_000 } as const;
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'verify.mjs');

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

function exported(i: number, r: LeafFields): ExportEvent {
  return {
    caseReference: `CL-${1000 + (i % 5000)}`,
    member: `Member ${i % 5000}`,
    region: 'North West',
    constituencyParty: null,
    actionType: 'suspension',
    caseStatus: 'appeal_lodged',
    id: r.id as string,
    type: r.type as string,
    occurredAt: r.occurredAt as string,
    precision: DatePrecision.Exact,
    title: r.title as string,
    description: r.description as string | null,
    source: r.source as string | null,
    evidenceIds: [],
    evidenceSha256: [],
    recordedAt: r.recordedAt as string,
    recordedBy: 'Carla Caseworker',
    supersedes: null,
    supersededBy: null,
  };
}

export async function writeExport(path: string): Promise<{ key: string; bytes: number }> {
  const origin = 'caseline.bench/log';
  const signer = parseSignerKey(generateSignerKey(origin));
  const records = Array.from({ length: ROWS }, (_, i) => event(i));
  const salts = records.map((r) => newSalts(r));
  const leaves = records.map((r, i) => encodeLeaf('timeline', r, salts[i]));
  // Each event's leaf among two others (its audit entry, a custody entry), at a varying place.
  const at = (i: number) => i * LEAVES_PER_ROW + (i % LEAVES_PER_ROW);
  const data = Array.from({ length: ROWS * LEAVES_PER_ROW }, () => randomBytes(64));
  leaves.forEach((l, i) => (data[at(i)] = l.data));
  const tree = MemoryTree.of(data);
  const checkpoint = signCheckpoint({ origin, size: tree.size, root: tree.root() }, signer);
  const createdAt = new Date();
  const out = createWriteStream(path);
  const head = { generatedAt: createdAt.toISOString(), format: 'json', filters: {}, pseudonymised: false };
  const verifiable = verifiableHead({ note: checkpoint, createdAt }, 'json');
  out.write(`{"manifest":${JSON.stringify({ ...head, verifiable })},"events":[`);
  const paths = new SharedPaths(tree.size);
  for (let i = 0; i < ROWS; i++) {
    const leafIndex = at(i);
    const full = await inclusionProof(leafIndex, tree.size, tree.reader);
    const logged = { leafIndex, digests: leaves[i].digests, salts: salts[i], proof: full };
    const row = exported(i, records[i]);
    const proof = rowProof('json', row, new Set(), logged, paths.share(leafIndex, full));
    if (!out.write(`${i ? ',\n' : ''}${JSON.stringify({ ...row, proof })}`)) await once(out, 'drain');
  }
  out.end(']}\n');
  await once(out, 'close');
  // On disk before the timing starts, as a downloaded export is: no write-back during the run.
  const fd = openSync(path, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  return { key: verifierKeyOf(signer), bytes: statSync(path).size };
}

export async function benchVerifier(dir: string): Promise<boolean> {
  const path = join(dir, 'verifiable-export.json');
  const { key, bytes } = await writeExport(path);
  const keyPath = join(dir, 'key.txt');
  writeFileSync(keyPath, key);

  // This process has just built a 300,000-leaf tree and written 130 MB: its garbage collector and
  // the kernel's write-back run on for a moment, on the same two cores. Let them finish first.
  await new Promise((r) => setTimeout(r, 3000));
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
