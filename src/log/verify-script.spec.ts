import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import vectors from './fixtures/merkle-vectors.json';
import { canonicalJson, encodeLeaf, JsonValue, LeafFields, newSalts } from './leaf';
import { MemoryTree } from './memory-tree';
import { consistencyProof, inclusionProof } from './merkle';
import { generateSignerKey, parseSignerKey, signCheckpoint, signNote, verifierKeyOf } from './signed-note';

/**
 * scripts/verify.mjs is what an inquiry runs apart from Caseline: these tests run it as they would
 * (node on the file, files on disk) against checkpoints, proofs and exports made by src/log.
 */
const SCRIPT = join(__dirname, '../../scripts/verify.mjs');
const ORIGIN = 'caseline.test/log';
const signer = parseSignerKey(generateSignerKey(ORIGIN));
const key = verifierKeyOf(signer);
const dir = mkdtempSync(join(tmpdir(), 'caseline-verify-'));

function file(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

const b64 = (hashes: Buffer[]) => hashes.map((h) => h.toString('base64'));
const hex = (s: string) => Buffer.from(s, 'hex');

describe('scripts/verify.mjs', () => {
  it('uses nothing but Node itself', () => {
    const imports = [...readFileSync(SCRIPT, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map(
      (m) => m[1],
    );
    expect(imports.every((i) => i.startsWith('node:'))).toBe(true);
  });

  it('canonicalises JSON exactly as src/log does (its own copy of RFC 8785)', () => {
    const values = fc.sample(fc.jsonValue({ noUnicodeString: false }), 300) as JsonValue[];
    const input = file('values.json', values);
    const program = `import { canonicalJson } from ${JSON.stringify(pathToFileURL(SCRIPT).href)};
      import { readFileSync } from 'node:fs';
      process.stdout.write(JSON.stringify(JSON.parse(readFileSync(process.argv[1], 'utf8')).map(canonicalJson)));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', program, input], {
      encoding: 'utf8',
    });
    // JSON.stringify turns -0 into 0 on the way to the file: compare on the values as the script read them.
    const read = JSON.parse(readFileSync(input, 'utf8')) as JsonValue[];
    expect(JSON.parse(r.stdout)).toEqual(read.map(canonicalJson));
  });

  describe('--consistency, on the published transparency-dev proofs', () => {
    it.each(vectors.consistencyProofs)('accepts $size1 → $size2', (v) => {
      const old = file(
        'old',
        signCheckpoint({ origin: ORIGIN, size: v.size1, root: hex(vectors.rootHashes[v.size1]) }, signer),
      );
      const neu = file(
        'new',
        signCheckpoint({ origin: ORIGIN, size: v.size2, root: hex(vectors.rootHashes[v.size2]) }, signer),
      );
      const proof = file('proof.json', { from: v.size1, to: v.size2, hashes: b64(v.proof.map(hex)) });
      const r = run('--key', key, '--consistency', old, neu, proof);
      expect(r).toEqual({
        status: 0,
        out: expect.stringContaining(`OK  The log of size ${v.size2} extends`),
      });
    });
  });

  describe('--consistency, on a log that grew', () => {
    const tree = MemoryTree.of(Array.from({ length: 37 }, (_, i) => Buffer.from(`entry ${i}`)));
    const rootOf = (size: number) =>
      MemoryTree.of(Array.from({ length: size }, (_, i) => Buffer.from(`entry ${i}`))).root();
    const old = file('old-11', signCheckpoint({ origin: ORIGIN, size: 11, root: rootOf(11) }, signer));
    const neu = file('new-37', signCheckpoint({ origin: ORIGIN, size: 37, root: rootOf(37) }, signer));
    const keyFile = file('key.txt', `${key}\n`);
    let proof: string[];
    beforeAll(async () => {
      proof = b64(await consistencyProof(11, 37, tree.reader));
    });

    it('accepts the proof, with the key given as a file', () => {
      const r = run(
        '--key',
        keyFile,
        '--consistency',
        old,
        neu,
        file('p.json', { from: 11, to: 37, hashes: proof }),
      );
      expect(r.status).toBe(0);
    });

    it('refuses when an old entry was changed (the newer log is not an extension)', () => {
      const forked = MemoryTree.of(
        Array.from({ length: 37 }, (_, i) => Buffer.from(i === 4 ? 'changed' : `entry ${i}`)),
      );
      const forkedNew = file(
        'forked',
        signCheckpoint({ origin: ORIGIN, size: 37, root: forked.root() }, signer),
      );
      const r = run(
        '--key',
        key,
        '--consistency',
        old,
        forkedNew,
        file('p.json', { from: 11, to: 37, hashes: proof }),
      );
      expect(r).toEqual({ status: 1, out: expect.stringContaining('does NOT extend') });
    });

    it('refuses a proof with one bit changed, and a proof for other sizes', () => {
      const bad = [...proof];
      bad[1] = Buffer.from(bad[1], 'base64')
        .map((b, i) => (i === 0 ? b ^ 1 : b))
        .toString('base64');
      expect(
        run('--key', key, '--consistency', old, neu, file('p.json', { from: 11, to: 37, hashes: bad }))
          .status,
      ).toBe(1);
      expect(
        run('--key', key, '--consistency', old, neu, file('p.json', { from: 10, to: 37, hashes: proof }))
          .status,
      ).toBe(1);
    });

    it('refuses a checkpoint not signed by the pinned key, or altered after signing', () => {
      const otherKey = verifierKeyOf(parseSignerKey(generateSignerKey(ORIGIN)));
      const r = run(
        '--key',
        otherKey,
        '--consistency',
        old,
        neu,
        file('p.json', { from: 11, to: 37, hashes: proof }),
      );
      expect(r).toEqual({ status: 1, out: expect.stringContaining('not signed by the pinned key') });
      const altered = file('altered', readFileSync(neu, 'utf8').replace('\n37\n', '\n38\n'));
      const r2 = run(
        '--key',
        key,
        '--consistency',
        old,
        altered,
        file('p.json', { from: 11, to: 38, hashes: proof }),
      );
      expect(r2).toEqual({ status: 1, out: expect.stringContaining('does not verify') });
    });

    it('refuses a signed note that is not a checkpoint of the key', () => {
      const note = file('note', signNote('something else\n', signer));
      expect(
        run('--key', key, '--consistency', note, neu, file('p.json', { from: 11, to: 37, hashes: proof }))
          .status,
      ).toBe(1);
    });

    it('answers 2 with the usage to a wrong command or a missing file', () => {
      expect(run('--consistency', old, neu).status).toBe(2);
      expect(run('--key', key, '--consistency', old, neu).status).toBe(2);
      expect(run('--key', key, '--consistency', old, neu, join(dir, 'missing.json'))).toEqual({
        status: 2,
        out: expect.stringContaining('cannot read'),
      });
    });
  });

  describe('a verifiable export', () => {
    const records: { kind: 'timeline'; fields: LeafFields }[] = Array.from({ length: 9 }, (_, i) => ({
      kind: 'timeline',
      fields: {
        id: `event-${i}`,
        title: `Event ${i}`,
        memberName: `Member ${i}`,
        occurredAt: '2026-01-02T10:00:00.000Z',
      },
    }));
    const salts = records.map((r) => newSalts(r.fields));
    const encoded = records.map((r, i) => encodeLeaf(r.kind, r.fields, salts[i]));
    const tree = MemoryTree.of(encoded.map((e) => e.data));
    const checkpoint = signCheckpoint({ origin: ORIGIN, size: tree.size, root: tree.root() }, signer);

    /** Rows 2, 5 and 8, showing every field but memberName, which is withheld (its digest only). */
    async function bundle() {
      const rows = await Promise.all(
        [2, 5, 8].map(async (i) => ({
          leafIndex: i,
          kind: 'timeline',
          proof: b64(await inclusionProof(i, tree.size, tree.reader)),
          fields: Object.fromEntries(
            ['id', 'title', 'occurredAt'].map((n) => [n, { salt: salts[i][n], value: records[i].fields[n] }]),
          ),
          withheld: { memberName: encoded[i].digests.memberName },
        })),
      );
      return { format: 'caseline-verifiable-export/1', checkpoint, rows };
    }

    it('accepts rows that show some fields and withhold others', async () => {
      const r = run('--key', key, file('export.json', await bundle()));
      expect(r).toEqual({ status: 0, out: expect.stringContaining('All 3 rows are in the log of size 9') });
    });

    it('names the row whose shown value was changed', async () => {
      const b = await bundle();
      b.rows[1].fields.title.value = 'Event 5, edited';
      const r = run('--key', key, file('export.json', b));
      expect(r).toEqual({
        status: 1,
        out: expect.stringContaining('row 2 (leaf 5): not in the log as shown'),
      });
    });

    it('refuses a row moved to another leaf index', async () => {
      const b = await bundle();
      b.rows[0].leafIndex = 3;
      expect(run('--key', key, file('export.json', b)).status).toBe(1);
    });

    it('refuses an export whose checkpoint the pinned key did not sign', async () => {
      const otherKey = verifierKeyOf(parseSignerKey(generateSignerKey(ORIGIN)));
      expect(run('--key', otherKey, file('export.json', await bundle())).status).toBe(1);
    });
  });

  describe('a background export (JSON, NDJSON, CSV with its proofs file)', () => {
    const events = Array.from({ length: 5 }, (_, i) => ({
      id: `event-${i}`,
      title: `Event, "${i}"`,
      description: i % 2 ? null : `Line one\nline ${i}`,
      caseId: `case-${i}`,
    }));
    const salts = events.map((e) => newSalts(e));
    const encoded = events.map((e, i) => encodeLeaf('timeline', e, salts[i]));
    const tree = MemoryTree.of(encoded.map((e) => e.data));
    const checkpoint = signCheckpoint({ origin: ORIGIN, size: tree.size, root: tree.root() }, signer);
    const head = {
      format: 'caseline-verifiable-export/1',
      checkpoint,
      checkpointAt: '2026-12-06T12:00:00.000Z',
    };

    /** Shows id, title and description; caseId is never shown, so it is withheld. */
    async function proofOf(i: number) {
      const shown = ['id', 'title', 'description'] as const;
      return {
        leafIndex: i,
        kind: 'timeline',
        proof: b64(await inclusionProof(i, tree.size, tree.reader)),
        fields: Object.fromEntries(shown.map((n) => [n, { salt: salts[i][n], value: events[i][n] }])),
        withheld: { caseId: encoded[i].digests.caseId },
      };
    }
    const shownEvent = (i: number) => ({
      id: events[i].id,
      title: events[i].title,
      description: events[i].description,
    });

    it('accepts a JSON export and names an event whose shown title differs from the disclosed one', async () => {
      const rows = await Promise.all(
        [0, 1, 4].map(async (i) => ({ ...shownEvent(i), proof: await proofOf(i) })),
      );
      const ok = run('--key', key, file('export-ok.json', { manifest: { verifiable: head }, events: rows }));
      expect(ok).toEqual({
        status: 0,
        out: expect.stringContaining('All 3 rows are in the log of size 5 made at 2026-12-06T12:00:00.000Z'),
      });
      rows[1].title = 'Something else';
      const bad = run(
        '--key',
        key,
        file('export-bad.json', { manifest: { verifiable: head }, events: rows }),
      );
      expect(bad.status).toBe(1);
      expect(bad.out).toContain('row 2 (leaf 1): shows a title other than the one disclosed');
    });

    it('accepts an NDJSON export and refuses a row without a proof', async () => {
      const lines = [JSON.stringify({ manifest: { verifiable: head } })];
      for (const i of [2, 3]) lines.push(JSON.stringify({ ...shownEvent(i), proof: await proofOf(i) }));
      expect(run('--key', key, file('export.ndjson', `${lines.join('\n')}\n`)).status).toBe(0);
      lines.push(JSON.stringify({ ...shownEvent(4), proof: null }));
      const r = run('--key', key, file('export-unlogged.ndjson', `${lines.join('\n')}\n`));
      expect(r.status).toBe(1);
      expect(r.out).toContain('row 3: carries no proof');
    });

    it('accepts a CSV beside its proofs file, and refuses a cell changed in the CSV', async () => {
      const quote = (v: string | null) => `"${(v ?? '').replace(/"/g, '""')}"`;
      const csv = [
        '\ufeffevent_id,title,description',
        ...[0, 1, 2].map((i) => [events[i].id, events[i].title, events[i].description].map(quote).join(',')),
      ];
      const sidecar = [
        JSON.stringify({ ...head, columns: { id: 'event_id', title: 'title', description: 'description' } }),
      ];
      for (const i of [0, 1, 2]) sidecar.push(JSON.stringify(await proofOf(i)));
      file('t.proofs.ndjson', `${sidecar.join('\n')}\n`);
      expect(run('--key', key, file('t.csv', `${csv.join('\r\n')}\r\n`))).toMatchObject({ status: 0 });
      csv[2] = csv[2].replace('Event', 'Evnt');
      file('u.proofs.ndjson', `${sidecar.join('\n')}\n`);
      const r = run('--key', key, file('u.csv', `${csv.join('\r\n')}\r\n`));
      expect(r.status).toBe(1);
      expect(r.out).toContain('row 2 (leaf 1): shows a title other than the one disclosed');
    });

    it('checks with --against that a newer checkpoint still contains the export', async () => {
      const rows = [{ ...shownEvent(0), proof: await proofOf(0) }];
      const path = file('against.json', { manifest: { verifiable: head }, events: rows });
      const grown = MemoryTree.of([...encoded.map((e) => e.data), Buffer.from('more')]);
      const newer = signCheckpoint({ origin: ORIGIN, size: grown.size, root: grown.root() }, signer);
      const proof = { from: 5, to: 6, hashes: b64(await consistencyProof(5, 6, grown.reader)) };
      const ok = run('--key', key, path, '--against', file('newer.txt', newer), file('c.json', proof));
      expect(ok.status).toBe(0);
      expect(ok.out).toContain('extends the pinned log of size 5');
      // A rewritten log: the same size-6 tree but leaf 0 changed.
      const forged = MemoryTree.of([
        Buffer.from('forged'),
        ...encoded.slice(1).map((e) => e.data),
        Buffer.from('more'),
      ]);
      const forgedNote = signCheckpoint({ origin: ORIGIN, size: 6, root: forged.root() }, signer);
      const forgedProof = { from: 5, to: 6, hashes: b64(await consistencyProof(5, 6, forged.reader)) };
      const bad = run(
        '--key',
        key,
        path,
        '--against',
        file('forged.txt', forgedNote),
        file('f.json', forgedProof),
      );
      expect(bad.status).toBe(1);
      expect(bad.out).toContain('does NOT extend');
    });
  });
});
