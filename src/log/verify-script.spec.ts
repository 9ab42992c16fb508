import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import vectors from './fixtures/merkle-vectors.json';
import { ExportEvent, ExportFormat, timelineJsEvent } from '../exports/export-format';
import { rowProof, verifiableHead } from '../exports/export-proofs';
import { DatePrecision } from '../timeline/timeline-event.entity';
import { canonicalJson, encodeLeaf, JsonValue, LeafFields, newSalts } from './leaf';
import { MemoryTree } from './memory-tree';
import { consistencyProof, hashLeaf, inclusionProof } from './merkle';
import { SharedPaths } from './shared-paths';
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

  describe('a background export (JSON, NDJSON, CSV with its proofs file)', () => {
    // A log of 40 leaves: ten timeline events at leaves 3, 7, 11, …, among other entries.
    const events: LeafFields[] = Array.from({ length: 10 }, (_, i) => ({
      id: `event-${i}`,
      caseId: `case-${i}`,
      type: 'note',
      occurredAt: `2026-01-0${(i % 9) + 1}T10:00:00.000Z`,
      precision: 'exact',
      title: `Event, "${i}"`,
      description: i % 2 ? null : `Line one\nline ${i}`,
      source: i % 3 ? 'Branch secretary' : null,
      evidenceIds: i % 4 ? [] : [`evidence-${i}`],
      recordedAt: '2026-01-10T10:00:00.000Z',
      recordedBy: `user-${i}`,
      supersedes: null,
      appealId: null,
    }));
    const leafOf = (i: number) => 4 * i + 3;
    const salts = events.map((e) => newSalts(e));
    const encoded = events.map((e, i) => encodeLeaf('timeline', e, salts[i]));
    const data: Buffer[] = Array.from({ length: 40 }, (_, n) => Buffer.from(`entry ${n}`));
    encoded.forEach((e, i) => (data[leafOf(i)] = e.data));
    const tree = MemoryTree.of(data);
    const checkpoint = signCheckpoint({ origin: ORIGIN, size: tree.size, root: tree.root() }, signer);
    const at = new Date('2026-12-06T12:00:00.000Z');

    const exported = (i: number): ExportEvent => ({
      caseReference: `CL-${i}`,
      member: `Member ${i}`,
      region: null,
      constituencyParty: null,
      actionType: 'suspension',
      caseStatus: 'intake',
      id: events[i].id as string,
      type: events[i].type as string,
      occurredAt: events[i].occurredAt as string,
      precision: DatePrecision.Exact,
      title: events[i].title as string,
      description: events[i].description as string | null,
      source: events[i].source as string | null,
      evidenceIds: events[i].evidenceIds as string[],
      evidenceSha256: [],
      recordedAt: events[i].recordedAt as string,
      recordedBy: 'Carla Caseworker',
      supersedes: null,
      supersededBy: null,
    });

    /** The rows of events `which`, in that order, with their proofs as the exporter writes them. */
    async function rowsOf(format: ExportFormat, which: number[]) {
      const paths = new SharedPaths(tree.size);
      return Promise.all(
        which.map(async (i) => {
          const full = await inclusionProof(leafOf(i), tree.size, tree.reader);
          const path = paths.share(leafOf(i), full);
          const logged = { leafIndex: leafOf(i), digests: encoded[i].digests, salts: salts[i], proof: full };
          return { ...exported(i), proof: rowProof(format, exported(i), new Set(), logged, path) };
        }),
      );
    }
    const head = (format: ExportFormat) => verifiableHead({ note: checkpoint, createdAt: at }, format);
    /** A JSON export laid out as Caseline writes it: one event per line. */
    const jsonFile = (name: string, rows: object[]) =>
      file(
        name,
        `{"manifest":${JSON.stringify({ verifiable: head('json') })},"events":[${rows.map((r) => JSON.stringify(r)).join(',\n')}]}\n`,
      );

    it('accepts a JSON export, whether laid out one event per line or otherwise', async () => {
      const rows = await rowsOf('json', [0, 1, 4, 5, 9]);
      const path = jsonFile('export-ok.json', rows);
      expect(run('--key', key, path)).toEqual({
        status: 0,
        out: expect.stringContaining('All 5 rows are in the log of size 40 made at 2026-12-06T12:00:00.000Z'),
      });
      // The same, checked on two threads (as a large export is).
      expect(run('--key', key, '--threads', '2', path)).toEqual(run('--key', key, path));
      const pretty = file(
        'pretty.json',
        JSON.stringify({ manifest: { verifiable: head('json') }, events: rows }, null, 2),
      );
      expect(run('--key', key, pretty)).toMatchObject({ status: 0 });
      const truncated = readFileSync(jsonFile('whole.json', rows), 'utf8').split('\n').slice(0, 3).join('\n');
      expect(run('--key', key, file('truncated.json', truncated))).toEqual({
        status: 1,
        out: expect.stringContaining('the export is not JSON'),
      });
    });

    it('names a row whose shown value differs from the logged one, and the rows whose paths go on in it', async () => {
      // Events 4 and 5 sit at leaves 19 and 23: the path of 5 goes on in that of 4.
      const rows = await rowsOf('json', [0, 4, 5, 9]);
      rows[1].title = 'Something else';
      const path = jsonFile('export-bad.json', rows);
      const r = run('--key', key, path);
      expect(run('--key', key, '--threads', '2', path)).toEqual(r);
      expect(r.status).toBe(1);
      expect(r.out).toContain('2 of 4 rows do not verify');
      expect(r.out).toContain('row 2 (leaf 19): not in the log as shown');
      expect(r.out).toContain('row 3 (leaf 23): cannot be checked: its path goes on in that of row 2');
    });

    it('refuses a row moved to another leaf, a path with one bit changed, and a field it does not show', async () => {
      const moved = await rowsOf('json', [0, 1]);
      moved[1].proof.leaf = leafOf(2);
      expect(run('--key', key, jsonFile('moved.json', moved)).status).toBe(1);
      const flipped = await rowsOf('json', [3]);
      const hash = Buffer.from(flipped[0].proof.path[2], 'base64');
      hash[7] ^= 0x10;
      flipped[0].proof.path[2] = hash.toString('base64');
      expect(run('--key', key, jsonFile('flipped.json', flipped))).toEqual({
        status: 1,
        out: expect.stringContaining('row 1 (leaf 15): not in the log as shown'),
      });
      const [row] = await rowsOf('json', [3]);
      const { title: _hidden, ...shown } = row;
      expect(run('--key', key, jsonFile('unshown.json', [shown])).out).toContain(
        'discloses title, which the row does not show',
      );
    });

    it('refuses an export whose checkpoint the pinned key did not sign, or of an earlier layout', async () => {
      const path = jsonFile('signed.json', await rowsOf('json', [1]));
      const otherKey = verifierKeyOf(parseSignerKey(generateSignerKey(ORIGIN)));
      expect(run('--key', otherKey, path).status).toBe(1);
      const old = file('old-layout.json', readFileSync(path, 'utf8').replace('export/2', 'export/1'));
      expect(run('--key', key, old).out).toContain(
        'laid out as caseline-verifiable-export/1; this verifier reads caseline-verifiable-export/2',
      );
    });

    it('accepts a TimelineJS file, which shows each event’s id only, and refuses a slide given another id', async () => {
      const slides = (await rowsOf('timelinejs', [0, 2, 6])).map((r) => ({
        ...timelineJsEvent(r),
        proof: r.proof,
      }));
      expect(slides[0].proof.withheld).toHaveLength(12); // every field but the id
      const text = (events: object[]) =>
        `{"verifiable":${JSON.stringify(head('timelinejs'))},"title":{"text":{"headline":"Caseline timeline"}},"events":[${events.map((e) => JSON.stringify(e)).join(',\n')}]}\n`;
      expect(run('--key', key, '--threads', '2', file('t.timelinejs.json', text(slides)))).toEqual({
        status: 0,
        out: expect.stringContaining('All 3 rows are in the log of size 40'),
      });
      slides[1].unique_id = events[3].id as string;
      expect(run('--key', key, file('u.timelinejs.json', text(slides))).out).toContain(
        `row 2 (leaf ${leafOf(2)}): not in the log as shown`,
      );
    });

    it('accepts an NDJSON export and refuses a row without a proof', async () => {
      const lines = [JSON.stringify({ manifest: { verifiable: head('json') } })];
      for (const row of await rowsOf('ndjson', [2, 3, 7])) lines.push(JSON.stringify(row));
      expect(run('--key', key, file('export.ndjson', `${lines.join('\n')}\n`)).status).toBe(0);
      lines.push(JSON.stringify({ ...exported(8), proof: null }));
      const r = run('--key', key, file('export-unlogged.ndjson', `${lines.join('\n')}\n`));
      expect(r.status).toBe(1);
      expect(r.out).toContain('row 4: carries no proof');
      expect(run('--key', key, '--threads', '2', join(dir, 'export-unlogged.ndjson'))).toEqual(r);
      lines.splice(2, 0, '{"broken');
      expect(run('--key', key, '--threads', '2', file('broken.ndjson', `${lines.join('\n')}\n`))).toEqual({
        status: 1,
        out: expect.stringContaining('line 3 is not JSON'),
      });
    });

    it('accepts a CSV beside its proofs file, and refuses a cell changed in the CSV', async () => {
      const quote = (v: string | null) => `"${(v ?? '').replace(/"/g, '""')}"`;
      const rows = await rowsOf('csv', [0, 1, 2]);
      const columns = head('csv').columns!;
      const names = Object.keys(columns) as (keyof ExportEvent & keyof typeof columns)[];
      const csv = [
        `\ufeff${names.map((n) => columns[n]).join(',')}`,
        ...rows.map((r) => names.map((n) => quote(r[n] as string | null)).join(',')),
      ];
      const sidecar = [JSON.stringify(head('csv')), ...rows.map((r) => JSON.stringify(r.proof))];
      file('t.proofs.ndjson', `${sidecar.join('\n')}\n`);
      expect(run('--key', key, file('t.csv', `${csv.join('\r\n')}\r\n`))).toMatchObject({ status: 0 });
      csv[2] = csv[2].replace('Event', 'Evnt');
      file('u.proofs.ndjson', `${sidecar.join('\n')}\n`);
      const r = run('--key', key, file('u.csv', `${csv.join('\r\n')}\r\n`));
      expect(r.status).toBe(1);
      expect(r.out).toContain(`row 2 (leaf ${leafOf(1)}): not in the log as shown`);
    });

    it('checks with --against that a newer checkpoint still contains the export', async () => {
      const path = jsonFile('against.json', await rowsOf('json', [0]));
      const grown = MemoryTree.of([...data, Buffer.from('more')]);
      const newer = signCheckpoint({ origin: ORIGIN, size: grown.size, root: grown.root() }, signer);
      const proof = { from: 40, to: 41, hashes: b64(await consistencyProof(40, 41, grown.reader)) };
      const ok = run('--key', key, path, '--against', file('newer.txt', newer), file('c.json', proof));
      expect(ok.status).toBe(0);
      expect(ok.out).toContain('extends the pinned log of size 40');
      // A rewritten log: the same size-41 tree but leaf 0 changed.
      const forged = MemoryTree.of([Buffer.from('forged'), ...data.slice(1), Buffer.from('more')]);
      const forgedNote = signCheckpoint({ origin: ORIGIN, size: 41, root: forged.root() }, signer);
      const forgedProof = { from: 40, to: 41, hashes: b64(await consistencyProof(40, 41, forged.reader)) };
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

  describe('shared paths, as src/log writes them', () => {
    /**
     * Random logs (up to 2,000 leaves) and random rows (any order, repeats): the verifier accepts
     * every row SharedPaths writes, and one bit changed in a row's path or leaf fails that row.
     */
    it('accepts every row of any order, and refuses each single-bit change', async () => {
      const cases = await Promise.all(
        fc
          .sample(
            fc
              .integer({ min: 1, max: 2000 })
              .chain((size) =>
                fc.tuple(
                  fc.constant(size),
                  fc.array(fc.nat(size - 1), { minLength: 1, maxLength: 40 }),
                  fc.nat(),
                  fc.nat(255),
                ),
              ),
            40,
          )
          .map(async ([size, rows, pick, bit]) => {
            const leaves = Array.from({ length: size }, (_, n) => Buffer.from(`leaf ${n} of ${size}`));
            const tree = MemoryTree.of(leaves);
            const paths = new SharedPaths(size);
            const written = await Promise.all(
              rows.map(async (index) => {
                const full = await inclusionProof(index, size, tree.reader);
                return { index, leaf: hashLeaf(leaves[index]), path: paths.share(index, full) };
              }),
            );
            // One bit of one row changed: a hash of its path when it carries one, else its leaf.
            const row = pick % written.length;
            const target = written[row].path.length
              ? written[row].path[pick % written[row].path.length]
              : written[row].leaf;
            const changed = Buffer.from(target);
            changed[bit % 32] ^= 1 << (bit % 8);
            const mutated = written.map((w, i) =>
              i !== row
                ? w
                : {
                    ...w,
                    leaf: target === w.leaf ? changed : w.leaf,
                    path: w.path.map((h) => (h === target ? changed : h)),
                  },
            );
            const encode = (ws: typeof written) =>
              ws.map((w) => ({ index: w.index, leaf: w.leaf.toString('base64'), path: b64(w.path) }));
            return {
              size,
              root: tree.root().toString('base64'),
              row,
              rows: encode(written),
              mutated: encode(mutated),
            };
          }),
      );
      const program = `import { sharedInclusion } from ${JSON.stringify(pathToFileURL(SCRIPT).href)};
        import { readFileSync } from 'node:fs';
        const check = (c, rows) => {
          const included = sharedInclusion(c.size, Buffer.from(c.root, 'base64'));
          return rows.map((r, n) => included(r.index, r.leaf, r.path, n + 1));
        };
        const cases = JSON.parse(readFileSync(process.argv[1], 'utf8'));
        process.stdout.write(JSON.stringify(cases.map((c) => ({ good: check(c, c.rows), bad: check(c, c.mutated) }))));`;
      const r = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', program, file('cases.json', cases)],
        {
          encoding: 'utf8',
        },
      );
      const results = JSON.parse(r.stdout) as { good: (string | null)[]; bad: (string | null)[] }[];
      results.forEach((result, i) => {
        expect(result.good.every((why) => why === null)).toBe(true);
        expect(result.bad[cases[i].row]).toEqual(expect.any(String));
        expect(result.bad.slice(0, cases[i].row).every((why) => why === null)).toBe(true);
      });
    });
  });
});
