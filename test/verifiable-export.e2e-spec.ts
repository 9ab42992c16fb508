import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLeaf, fieldDigest, leafDataOf, LeafSalts } from '../src/log/leaf';
import { MemoryTree } from '../src/log/memory-tree';
import { rangeNodes } from '../src/log/merkle';
import { intake } from './factories/case-payloads';
import { Agent, createTestApp, TestApp } from './helpers/test-app';
import { waitFor } from './helpers/wait';

/**
 * Background exports an inquiry can check without Caseline (docs/verifiable-record.md,
 * "Verifiable exports"): every format is checked by scripts/verify.mjs as an inquiry would run
 * it, a pseudonymised export verifies while naming nobody, and tampering shows.
 */
const SCRIPT = join(__dirname, '..', 'scripts', 'verify.mjs');
const NAME = 'Verity Quillfeather';

const asBuffer = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('verifiable exports', () => {
  let t: TestApp;
  let keyPath: string;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    keyPath = join(t.dir, 'key.txt');
    writeFileSync(keyPath, (await t.as.researcher.get('/api/log/key').expect(200)).text);
    caseId = (await intake(t.as.caseworker, {}, { fullName: NAME, consentToResearch: true })).id;
    for (const title of [`Phone call with ${NAME}`, 'Letter from the NEC', 'Branch minutes received']) {
      await t.as.caseworker
        .post(`/api/cases/${caseId}/events`)
        .send({ type: 'correspondence', title, occurredAt: '2019-03-15', description: `About ${NAME}` })
        .expect(201);
    }
    await intake(t.as.caseworker, {}, { consentToResearch: true });
  });
  afterAll(() => t?.close());

  const download = async (agent: Agent, path: string, file: string) => {
    const res = await agent.get(path).buffer(true).parse(asBuffer).expect(200);
    writeFileSync(join(t.dir, file), res.body as Buffer);
    return join(t.dir, file);
  };

  /** Requests a background export, waits for it and saves its file (and, for CSV, its proofs file). */
  async function exportOf(agent: Agent, format: string, pseudonymise: boolean) {
    const { id } = (await agent.post('/api/exports').send({ format, pseudonymise }).expect(202)).body;
    const manifest = await waitFor(async () => {
      const res = await agent.get(`/api/exports/${id}`).expect(200);
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : null;
    }, 'the export to finish');
    expect(manifest.status).toBe('done');
    const file = await download(agent, `/api/exports/${id}/download`, `${id}.${format}`);
    const proofs =
      format === 'csv' ? await download(agent, `/api/exports/${id}/proofs`, `${id}.proofs.ndjson`) : null;
    return { id, manifest, file, proofs };
  }

  const verify = (...args: string[]) => {
    const r = spawnSync(process.execPath, [SCRIPT, '--key', keyPath, ...args], { encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  };

  it.each(['csv', 'json', 'ndjson', 'timelinejs'])(
    'a %s export verifies with npm run verify, every row',
    async (format) => {
      const { manifest, file } = await exportOf(t.as.coordinator, format, false);
      expect(manifest.rowCount).toBeGreaterThanOrEqual(5);
      const r = verify(file);
      expect(r).toEqual({
        status: 0,
        out: expect.stringContaining(`All ${manifest.rowCount} rows are in the log`),
      });
      expect(r.out).toMatch(/log of size \d+ made at \d{4}-\d\d-\d\dT/);
    },
  );

  it('a pseudonymised export verifies and names no member, in its file or its proofs', async () => {
    for (const format of ['csv', 'json', 'ndjson', 'timelinejs']) {
      const { manifest, file, proofs } = await exportOf(t.as.researcher, format, true);
      expect(manifest.pseudonymised).toBe(true);
      expect(verify(file)).toMatchObject({ status: 0 });
      for (const path of [file, proofs].filter((p): p is string => Boolean(p))) {
        const text = readFileSync(path, 'utf8');
        expect(text).not.toContain(NAME);
        expect(text).not.toContain('Quillfeather');
      }
      if (format === 'json') {
        const events = JSON.parse(readFileSync(file, 'utf8')).events as {
          title: string;
          proof: { withheld: string[] };
        }[];
        // A title pseudonymisation rewrote is withheld (its digest only); one shown as logged is not.
        const redacted = events.find((e) => e.title.startsWith('Phone call with '))!;
        expect(redacted.proof.withheld).toContain('title');
        const plain = events.find((e) => e.title === 'Letter from the NEC')!;
        expect(plain.proof.withheld).not.toContain('title');
      }
    }
  });

  it('serves the proofs file with the rules of the download, for CSV exports only', async () => {
    const csv = await exportOf(t.as.coordinator, 'csv', false);
    await t.as.researcher.get(`/api/exports/${csv.id}/proofs`).expect(404);
    await t.as.admin.get(`/api/exports/${csv.id}/proofs`).expect(200);
    const lines = readFileSync(csv.proofs!, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({
      format: 'caseline-verifiable-export/2',
      columns: expect.any(Object),
    });
    expect(lines).toHaveLength(csv.manifest.rowCount + 1);
    const json = await exportOf(t.as.coordinator, 'json', false);
    await t.as.coordinator.get(`/api/exports/${json.id}/proofs`).expect(404);
  });

  describe('tampering behind the app', () => {
    async function withoutTriggers(table: string, sql: string, params: unknown[] = []) {
      if (t.db.kind === 'postgres') {
        await t.db.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
        await t.db.query(sql, params);
        await t.db.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
        return;
      }
      const triggers = await t.db.query<{ name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
        [table],
      );
      for (const tr of triggers) await t.db.query(`DROP TRIGGER ${tr.name}`);
      await t.db.query(sql, params);
      for (const tr of triggers) await t.db.query(tr.sql);
    }

    const consistencyTo = async (from: number) => {
      const newer = (await t.as.admin.post('/api/log/checkpoints').expect(201)).body;
      const proof = (
        await t.as.researcher.get(`/api/log/proofs/consistency?from=${from}&to=${newer.size}`).expect(200)
      ).body;
      const notePath = join(t.dir, `newer-${newer.size}.txt`);
      const proofPath = join(t.dir, `consistency-${from}-${newer.size}.json`);
      writeFileSync(notePath, newer.note);
      writeFileSync(proofPath, JSON.stringify(proof));
      return [notePath, proofPath];
    };
    const sizeOf = (file: string) => {
      const head = JSON.parse(readFileSync(file, 'utf8')).manifest.verifiable;
      return Number(head.checkpoint.split('\n')[1]);
    };

    /** An export made before any tampering. */
    let before: { file: string };

    it('a changed title: GET /api/audit/verify names it, an export made after it fails the verifier', async () => {
      before = await exportOf(t.as.coordinator, 'json', false);
      const [event] = await t.db.query<{ id: string }>(
        "SELECT id FROM timeline_events WHERE title = 'Letter from the NEC'",
      );
      await withoutTriggers(
        'timeline_events',
        "UPDATE timeline_events SET title = 'Quietly rewritten' WHERE id = ?",
        [event.id],
      );
      const audit = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(audit.body.log.problems).toContainEqual(
        expect.objectContaining({ problem: 'changed', recordId: event.id }),
      );
      // The earlier export still shows what was logged: it verifies, also against a later checkpoint.
      await intake(t.as.caseworker);
      const against = await consistencyTo(sizeOf(before.file));
      expect(verify(before.file, '--against', ...against)).toMatchObject({ status: 0 });
      // An export made now shows the rewritten title, which is not what the log holds.
      const after = await exportOf(t.as.coordinator, 'json', false);
      const r = verify(after.file);
      expect(r.status).toBe(1);
      const rows = JSON.parse(readFileSync(after.file, 'utf8')).events as { id: string }[];
      const row = rows.findIndex((e) => e.id === event.id) + 1;
      expect(r.out).toContain(`row ${row} (leaf `);
      expect(r.out).toContain('not in the log as shown');
    });

    interface LogRow {
      leaf_index: number | string;
      kind: string;
      record_id: string;
      data: string;
      appended_at: unknown;
      salts: string | null;
    }
    const logRows = () =>
      t.db.query<LogRow>(
        'SELECT l.leaf_index, l.kind, l.record_id, l.data, l.appended_at, s.salts FROM log_leaves l LEFT JOIN log_salts s ON s.leaf_index = l.leaf_index ORDER BY l.leaf_index',
      );

    /**
     * What someone with the database can do to hide a change: write the whole log again from these
     * leaves, in this order — leaves, salts, every subtree hash and the head — so that it agrees
     * with itself and with the records. Only the roots signed before tell.
     */
    async function rewriteLog(rows: LogRow[], { tree: withTree } = { tree: true }) {
      await withoutTriggers('log_salts', 'DELETE FROM log_salts');
      await withoutTriggers('log_leaves', 'DELETE FROM log_leaves');
      for (const [index, row] of rows.entries()) {
        await t.db.query(
          'INSERT INTO log_leaves (leaf_index, kind, record_id, data, appended_at) VALUES (?, ?, ?, ?, ?)',
          [index, row.kind, row.record_id, row.data, row.appended_at],
        );
        if (row.salts)
          await t.db.query('INSERT INTO log_salts (leaf_index, salts) VALUES (?, ?)', [index, row.salts]);
      }
      if (!withTree) return; // the leaves only: the stored tree no longer agrees with them
      const tree = MemoryTree.of(rows.map((row) => Buffer.from(row.data, 'utf8')));
      await withoutTriggers('log_nodes', 'DELETE FROM log_nodes');
      for (let level = 0; tree.node(level, 0); level++) {
        for (let index = 0; tree.node(level, index); index++) {
          await t.db.query('INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)', [
            level,
            index,
            tree.node(level, index)!.toString('hex'),
          ]);
        }
      }
      const frontier = rangeNodes(0, tree.size).map((n) => tree.node(n.level, n.index)!.toString('hex'));
      await withoutTriggers('log_head', 'UPDATE log_head SET tree_size = ?, frontier = ? WHERE id = 1', [
        tree.size,
        JSON.stringify(frontier),
      ]);
    }

    /** GET /api/audit/verify after a rewrite: the roots signed before no longer come out of the log. */
    async function expectSignedRootsBroken() {
      const audit = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(audit.body.ok).toBe(false);
      expect(audit.body.log.checkpointsMatch).toBe(false);
      expect(audit.body.log.problems).toContainEqual(
        expect.objectContaining({
          problem: 'tree',
          detail: expect.stringContaining('no longer has the root signed'),
        }),
      );
    }

    /** The export made before the tampering, checked against a checkpoint signed after it. */
    async function checkedAgainstLater(before: { file: string }) {
      const pinned = sizeOf(before.file);
      await intake(t.as.caseworker);
      await intake(t.as.caseworker);
      const r = verify(before.file, '--against', ...(await consistencyTo(pinned)));
      expect(r.status).toBe(1);
      expect(r.out).toContain(`does NOT extend the log of size ${pinned}`);
      return r;
    }

    it('a log rewritten to match: an export made before fails against a checkpoint made after', async () => {
      // The leaf of the rewritten title made again from the record and its salts.
      const [event] = await t.db.query<{ id: string }>(
        "SELECT id FROM timeline_events WHERE title = 'Quietly rewritten'",
      );
      const rows = await logRows();
      const target = rows.find((l) => l.kind === 'timeline' && l.record_id === event.id)!;
      const salts = JSON.parse(target.salts!) as LeafSalts;
      const digests = decodeLeaf(Buffer.from(target.data, 'utf8')).fields;
      digests.title = fieldDigest(salts.title, 'title', 'Quietly rewritten');
      target.data = leafDataOf('timeline', digests).toString('utf8');
      await rewriteLog(rows);
      await checkedAgainstLater(before);
      const audit = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(audit.body.log.checkpointsMatch).toBe(false);
    });

    it('an audit entry deleted and its leaf taken out of the log: named, and an export made before fails', async () => {
      const earlier = await exportOf(t.as.coordinator, 'json', false);
      expect(verify(earlier.file)).toMatchObject({ status: 0 });
      const [entry] = await t.db.query<{ id: number | string }>(
        "SELECT id FROM audit_entries WHERE action = 'case.create' ORDER BY id LIMIT 1",
      );
      await withoutTriggers('audit_entries', 'DELETE FROM audit_entries WHERE id = ?', [entry.id]);
      const named = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(named.body.log.problems).toContainEqual(
        expect.objectContaining({ problem: 'removed', recordId: String(entry.id) }),
      );
      // Its leaf taken out and the leaves after it moved up: the log agrees with the records again.
      await rewriteLog(
        (await logRows()).filter((l) => !(l.kind === 'audit' && l.record_id === String(entry.id))),
      );
      await expectSignedRootsBroken();
      await checkedAgainstLater(earlier);
    });

    it('two leaves swapped in the log: named, and an export made before fails', async () => {
      const earlier = await exportOf(t.as.coordinator, 'json', false);
      expect(verify(earlier.file)).toMatchObject({ status: 0 });
      const rows = await logRows();
      const [a, b] = [3, 8];
      [rows[a], rows[b]] = [rows[b], rows[a]];
      await rewriteLog(rows, { tree: false });
      const named = await t.as.admin.get('/api/audit/verify').expect(200);
      for (const leafIndex of [a, b])
        expect(named.body.log.problems).toContainEqual(
          expect.objectContaining({ problem: 'reordered', leafIndex }),
        );
      // The stored tree made to agree with the swapped leaves.
      await rewriteLog(rows);
      // Each leaf agrees with its record and the stored tree with its leaves: only the signed roots tell.
      await expectSignedRootsBroken();
      await checkedAgainstLater(earlier);
    });
  });
});
