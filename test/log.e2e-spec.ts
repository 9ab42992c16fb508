import { spawnSync } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { verifyConsistency, verifyInclusion } from '../src/log/merkle';
import { openCheckpoint, parseVerifierKey } from '../src/log/signed-note';
import { intakePayload } from './factories/case-payloads';
import { fixtures } from './factories/evidence-files';
import { createTestApp, TestApp } from './helpers/test-app';
import { waitFor } from './helpers/wait';

/** The migration that made the log (1764063900000-verifiable-log); later ones are undone first. */
const LOG_MIGRATION_TIMESTAMP = 1764063900000;

/**
 * The verifiable record over HTTP: records become leaves in their own transactions, checkpoints
 * are signed with the published key, proofs verify against them (here and in npm run verify),
 * and GET /api/audit/verify finds records changed, removed or reordered behind the app's back.
 */
const b64 = (s: string) => Buffer.from(s, 'base64');

interface LeafRow {
  leaf_index: number | string;
  kind: string;
  record_id: string;
}

describe('the verifiable record', () => {
  let t: TestApp;
  let key: ReturnType<typeof parseVerifierKey>;
  let keyText: string;
  let caseId: string;

  const leaves = async () =>
    (await t.db.query<LeafRow>('SELECT leaf_index, kind, record_id FROM log_leaves ORDER BY leaf_index')).map(
      (r) => ({
        index: Number(r.leaf_index),
        kind: r.kind,
        recordId: String(r.record_id),
      }),
    );

  beforeAll(async () => {
    t = await createTestApp();
    keyText = (
      await t.as.researcher
        .get('/api/log/key')
        .expect(200)
        .expect('content-type', /text\/plain/)
    ).text;
    key = parseVerifierKey(keyText);
    caseId = (await t.as.caseworker.post('/api/cases').send(intakePayload()).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  it('makes every audit entry, timeline event and custody entry a leaf, in dense order', async () => {
    await t.as.coordinator
      .post(`/api/cases/${caseId}/transitions`)
      .send({ to: 'gathering_evidence' })
      .expect(201);
    const upload = await t.as.caseworker
      .post(`/api/cases/${caseId}/evidence`)
      .field('description', 'The letter')
      .attach('file', fixtures.pdf('log'), 'letter.pdf')
      .expect(201);

    const all = await leaves();
    expect(all.map((l) => l.index)).toEqual(all.map((_, i) => i));
    const logged = new Set(all.map((l) => `${l.kind}:${l.recordId}`));
    const events = await t.db.query<{ id: string }>('SELECT id FROM timeline_events WHERE case_id = ?', [
      caseId,
    ]);
    expect(events.length).toBeGreaterThanOrEqual(3); // intake, status change, evidence added
    for (const e of events) expect(logged).toContain(`timeline:${e.id}`);
    const audits = await t.db.query<{ id: number }>('SELECT id FROM audit_entries');
    for (const a of audits) expect(logged).toContain(`audit:${a.id}`);
    const custody = await t.db.query<{ id: number }>(
      'SELECT id FROM evidence_custody WHERE evidence_id = ?',
      [upload.body.id],
    );
    expect(custody).toHaveLength(1);
    expect(logged).toContain(`custody:${custody[0].id}`);
  });

  it('shows a leaf with its field digests to an admin only', async () => {
    const [first] = await leaves();
    const leaf = await t.as.admin.get(`/api/log/leaves/${first.index}`).expect(200);
    expect(leaf.body).toMatchObject({
      index: first.index,
      kind: first.kind,
      recordId: first.recordId,
      version: 1,
    });
    expect(Object.values(leaf.body.digests).every((d) => b64(d as string).length === 32)).toBe(true);
    await t.as.researcher.get(`/api/log/leaves/${first.index}`).expect(403);
    await t.as.admin.get('/api/log/leaves/999999').expect(404);
  });

  it('signs checkpoints with the published key, and proves inclusion and consistency against them', async () => {
    const pinnedNote = (
      await t.as.researcher
        .get('/api/log/checkpoint')
        .expect(200)
        .expect('content-type', /text\/plain/)
    ).text;
    const pinned = openCheckpoint(pinnedNote, key);
    expect(pinned.origin).toBe('caseline.localhost/log');

    // Every leaf of the pinned tree is in it.
    for (const index of [0, pinned.size - 1]) {
      const proof = await t.as.researcher
        .get(`/api/log/proofs/inclusion?index=${index}&size=${pinned.size}`)
        .expect(200);
      const leaf = await t.as.admin.get(`/api/log/leaves/${index}`).expect(200);
      expect(
        verifyInclusion(index, pinned.size, b64(leaf.body.leafHash), proof.body.hashes.map(b64), pinned.root),
      ).toBe(true);
    }

    // More writes, then a newer checkpoint that extends the pinned one.
    await t.as.caseworker.post('/api/cases').send(intakePayload()).expect(201);
    const signed = await t.as.admin.post('/api/log/checkpoints').expect(201);
    const newer = openCheckpoint(signed.body.note, key);
    expect(newer.size).toBeGreaterThan(pinned.size);
    expect(signed.body).toMatchObject({ size: newer.size, rootHash: newer.root.toString('base64') });
    expect((await t.as.researcher.get('/api/log/checkpoint').expect(200)).text).toBe(signed.body.note);
    // Nothing new since: the same checkpoint again.
    expect((await t.as.admin.post('/api/log/checkpoints').expect(201)).body.id).toBe(signed.body.id);

    const consistency = await t.as.researcher
      .get(`/api/log/proofs/consistency?from=${pinned.size}&to=${newer.size}`)
      .expect(200);
    expect(consistency.body).toMatchObject({ from: pinned.size, to: newer.size });
    expect(
      verifyConsistency(pinned.size, newer.size, pinned.root, newer.root, consistency.body.hashes.map(b64)),
    ).toBe(true);

    // The same check by the verifier an inquiry runs on its own.
    const file = (name: string, content: string) => {
      writeFileSync(join(t.dir, name), content);
      return join(t.dir, name);
    };
    const run = spawnSync(
      process.execPath,
      [
        join(__dirname, '../scripts/verify.mjs'),
        '--key',
        file('key.txt', keyText),
        '--consistency',
        file('old.txt', pinnedNote),
        file('new.txt', signed.body.note),
        file('proof.json', JSON.stringify(consistency.body)),
      ],
      { encoding: 'utf8' },
    );
    expect({ status: run.status, out: run.stdout }).toEqual({
      status: 0,
      out: expect.stringContaining('OK'),
    });

    const list = await t.as.researcher.get('/api/log/checkpoints').expect(200);
    expect(list.body.items.map((c: { size: number }) => c.size)).toEqual([newer.size, pinned.size]);
  });

  it('refuses proofs it cannot give, naming the field', async () => {
    const size = (await leaves()).length;
    const r1 = await t.as.researcher.get(`/api/log/proofs/inclusion?index=3&size=3`).expect(422);
    expect(JSON.stringify(r1.body)).toContain('index');
    const r2 = await t.as.researcher.get(`/api/log/proofs/inclusion?index=0&size=${size + 5}`).expect(422);
    expect(JSON.stringify(r2.body)).toContain('size');
    const r3 = await t.as.researcher.get(`/api/log/proofs/consistency?from=5&to=4`).expect(422);
    expect(JSON.stringify(r3.body)).toContain('from');
    const r4 = await t.as.researcher.get(`/api/log/proofs/inclusion?index=-1&size=x`).expect(400);
    expect(JSON.stringify(r4.body)).toMatch(/index[\s\S]*size|size[\s\S]*index/);
    await t.as.researcher.get(`/api/log/proofs/consistency?from=1&to=2&extra=1`).expect(400);
    await request(t.url).get('/api/log/checkpoint').expect(401);
    await t.as.caseworker.post('/api/log/checkpoints').expect(403);
    // The refusal is audited (access.denied) after its answer, not before: wait for that entry,
    // and so its leaf, before the next test counts the leaves.
    await waitFor(
      async () =>
        Number(
          (
            await t.db.query<{ n: number | string }>(
              `SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'access.denied' AND actor_id = '${t.users.caseworker.id}' AND details LIKE '%/api/log/checkpoints%'`,
            )
          )[0].n,
        ) > 0,
      "the caseworker's refusal in the audit log",
    );
  });

  it('finds nothing wrong with the untouched record', async () => {
    const res = await t.as.admin.get('/api/audit/verify').expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.log).toMatchObject({ ok: true, checkpointsMatch: true, problems: [], problemCount: 0 });
    expect(res.body.log.size).toBe((await leaves()).length);
  });

  describe('tampering behind the app', () => {
    let u: TestApp;
    beforeAll(async () => {
      u = await createTestApp();
      for (let i = 0; i < 3; i++) await u.as.caseworker.post('/api/cases').send(intakePayload()).expect(201);
      await u.as.admin.post('/api/log/checkpoints').expect(201);
    });
    afterAll(() => u?.close());

    const leafOf = async (kind: string, recordId: string) =>
      Number(
        (
          await u.db.query<{ leaf_index: number }>(
            'SELECT leaf_index FROM log_leaves WHERE kind = ? AND record_id = ?',
            [kind, recordId],
          )
        )[0].leaf_index,
      );
    const problems = async () =>
      (await u.as.admin.get('/api/audit/verify').expect(200)).body.log.problems as {
        problem: string;
        leafIndex: number | null;
      }[];

    /** Runs sql with the table's append-only triggers out of the way, as someone with the database would. */
    async function withoutTriggers(table: string, sql: string, params: unknown[] = []) {
      if (u.db.kind === 'postgres') {
        await u.db.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
        await u.db.query(sql, params);
        await u.db.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
        return;
      }
      const triggers = await u.db.query<{ name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
        [table],
      );
      for (const tr of triggers) await u.db.query(`DROP TRIGGER ${tr.name}`);
      await u.db.query(sql, params);
      for (const tr of triggers) await u.db.query(tr.sql);
    }

    it('names the leaf of a timeline event whose title was changed', async () => {
      const [event] = await u.db.query<{ id: string }>(
        'SELECT id FROM timeline_events ORDER BY recorded_at LIMIT 1',
      );
      await withoutTriggers(
        'timeline_events',
        "UPDATE timeline_events SET title = 'Quietly rewritten' WHERE id = ?",
        [event.id],
      );
      const res = await u.as.admin.get('/api/audit/verify').expect(200);
      expect(res.body.ok).toBe(false);
      expect(res.body.log.checkpointsMatch).toBe(false);
      expect(res.body.log.problems).toContainEqual(
        expect.objectContaining({
          problem: 'changed',
          leafIndex: await leafOf('timeline', event.id),
          recordId: event.id,
        }),
      );
    });

    it('names the leaf of a deleted audit entry', async () => {
      const [entry] = await u.db.query<{ id: number }>(
        "SELECT id FROM audit_entries WHERE action = 'case.create' LIMIT 1",
      );
      const index = await leafOf('audit', String(entry.id));
      await withoutTriggers('audit_entries', 'DELETE FROM audit_entries WHERE id = ?', [entry.id]);
      expect(await problems()).toContainEqual(
        expect.objectContaining({ problem: 'removed', leafIndex: index }),
      );
    });

    it('names both leaves when two leaves were swapped', async () => {
      const [a, b] = [5, 9];
      const rows = await u.db.query<{ leaf_index: number; kind: string; record_id: string; data: string }>(
        'SELECT leaf_index, kind, record_id, data FROM log_leaves WHERE leaf_index IN (?, ?) ORDER BY leaf_index',
        [a, b],
      );
      const put = (index: number, row: { kind: string; record_id: string; data: string }) =>
        withoutTriggers(
          'log_leaves',
          'UPDATE log_leaves SET kind = ?, record_id = ?, data = ? WHERE leaf_index = ?',
          [row.kind, row.record_id, row.data, index],
        );
      await put(a, { ...rows[0], record_id: 'swapping' }); // (kind, record_id) is unique
      await put(b, rows[0]);
      await put(a, rows[1]);
      const found = await problems();
      expect(found).toContainEqual(expect.objectContaining({ problem: 'reordered', leafIndex: a }));
      expect(found).toContainEqual(expect.objectContaining({ problem: 'reordered', leafIndex: b }));
    });

    it('keeps the log append-only for anyone who does not disable the triggers', async () => {
      await expect(u.db.query('DELETE FROM log_leaves WHERE leaf_index = 0')).rejects.toThrow(/append-only/);
      await expect(u.db.query("UPDATE log_nodes SET hash = 'x' WHERE level = 0 AND idx = 0")).rejects.toThrow(
        /append-only/,
      );
      await expect(u.db.query('UPDATE log_head SET tree_size = 0 WHERE id = 1')).rejects.toThrow(
        /only grows/,
      );
    });
  });

  describe('a witness (LOG_WITNESS_URL)', () => {
    let w: TestApp;
    let witness: Server;
    const received: { type: string | undefined; body: string }[] = [];
    beforeAll(async () => {
      witness = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          received.push({ type: req.headers['content-type'], body });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => witness.listen(0, '127.0.0.1', resolve));
      const port = (witness.address() as AddressInfo).port;
      w = await createTestApp({ env: { LOG_WITNESS_URL: `http://127.0.0.1:${port}/checkpoints` } });
    });
    afterAll(async () => {
      await w?.close();
      await new Promise((resolve) => witness.close(resolve));
    });

    it('receives each new checkpoint as the signed note, through the queue', async () => {
      const signed = await w.as.admin.post('/api/log/checkpoints').expect(201);
      await waitFor(async () => (received.length ? received : null), 'the witness to receive the checkpoint');
      expect(received).toEqual([{ type: expect.stringMatching(/^text\/plain/), body: signed.body.note }]);
    });
  });

  describe('the migration', () => {
    let m: TestApp;
    beforeAll(async () => {
      m = await createTestApp();
      const c = (await m.as.caseworker.post('/api/cases').send(intakePayload()).expect(201)).body
        .id as string;
      await m.as.coordinator
        .post(`/api/cases/${c}/transitions`)
        .send({ to: 'gathering_evidence' })
        .expect(201);
      await m.as.caseworker
        .post(`/api/cases/${c}/evidence`)
        .field('description', 'The letter')
        .attach('file', fixtures.pdf('migration'), 'letter.pdf')
        .expect(201);
    });
    afterAll(() => m?.close());

    it('builds the log from the records already kept, oldest first', async () => {
      // As on a database from before the log: its migration (and those after it) undone, then run
      // again at the next start.
      const cli = join(__dirname, '..', 'dist', 'database', 'cli.js');
      const [{ n: since }] = await m.db.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM migrations WHERE timestamp >= ${LOG_MIGRATION_TIMESTAMP}`,
      );
      expect(Number(since)).toBeGreaterThan(0);
      for (let i = 0; i < Number(since); i++) {
        const revert = spawnSync(process.execPath, [cli, 'revert'], {
          env: { PATH: process.env.PATH, DATABASE_URL: m.env.DATABASE_URL },
          encoding: 'utf8',
        });
        expect({ i, status: revert.status, stdout: revert.stdout }).toEqual({
          i,
          status: 0,
          stdout: expect.stringContaining('reverted'),
        });
      }
      expect(
        await m.db.query(`SELECT name FROM migrations WHERE timestamp >= ${LOG_MIGRATION_TIMESTAMP}`),
      ).toEqual([]);
      const count = async (table: string) =>
        Number((await m.db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
      const records =
        (await count('audit_entries')) + (await count('timeline_events')) + (await count('evidence_custody'));
      await m.restart();

      // SQLite keeps datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' (UTC), PostgreSQL hands back Dates.
      const ms = (v: string | Date) =>
        v instanceof Date ? v.getTime() : new Date(/T/.test(v) ? v : `${v.replace(' ', 'T')}Z`).getTime();
      const times = new Map<string, number>();
      for (const r of await m.db.query<{ id: number; at: string }>('SELECT id, at FROM audit_entries'))
        times.set(`audit:${r.id}`, ms(r.at));
      for (const r of await m.db.query<{ id: string; at: string | Date }>(
        'SELECT id, recorded_at AS at FROM timeline_events',
      ))
        times.set(`timeline:${r.id}`, ms(r.at));
      for (const r of await m.db.query<{ id: number; at: string | Date }>(
        'SELECT id, at FROM evidence_custody',
      ))
        times.set(`custody:${r.id}`, ms(r.at));

      const backfilled = (
        await m.db.query<LeafRow>('SELECT leaf_index, kind, record_id FROM log_leaves ORDER BY leaf_index')
      ).slice(0, records);
      expect(backfilled).toHaveLength(records);
      expect(new Set(backfilled.map((l) => `${l.kind}:${l.record_id}`)).size).toBe(records);
      const order = backfilled.map((l) => times.get(`${l.kind}:${l.record_id}`)!);
      expect(order.every((t, i) => i === 0 || order[i - 1] <= t)).toBe(true);

      const verify = await m.as.admin.get('/api/audit/verify').expect(200);
      expect(verify.body.log).toMatchObject({ ok: true, problems: [] });
    });
  });
});
