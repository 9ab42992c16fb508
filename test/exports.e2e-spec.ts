import { parse } from 'csv-parse/sync';
import { createHash, randomUUID } from 'node:crypto';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { dbTimestamp, seedCase, SeededCase } from './factories/seed';
import { seedCorrection, seedEvent } from './factories/timeline';
import { MAIN } from './helpers/server';
import { Agent, createTestApp, TestApp } from './helpers/test-app';

/** Reads any response body as text (supertest would parse JSON itself). */
const asText = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: string) => void) => {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (data += chunk));
  res.on('end', () => cb(null, data));
};
const asBuffer = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const CSV_HEADER = [
  'case_reference',
  'member',
  'region',
  'constituency_party',
  'action_type',
  'case_status',
  'event_id',
  'event_type',
  'occurred_at',
  'precision',
  'title',
  'description',
  'source',
  'evidence_sha256',
  'recorded_at',
  'recorded_by',
  'supersedes',
  'superseded_by',
];

const ANN = {
  fullName: 'Ann Example',
  email: 'ann.example@mail.test',
  phone: '07700900111',
  membershipNumber: 'L100001',
};
const BOB = {
  fullName: 'Robert Bloggs',
  email: 'r.bloggs@mail.test',
  phone: '07700900222',
  membershipNumber: 'L100002',
};
const NINA = {
  fullName: 'Nina Quietly',
  email: 'nina@mail.test',
  phone: '07700900333',
  membershipNumber: 'L100003',
};
const PERSONAL = [ANN, BOB, NINA].flatMap((m) => [
  ...m.fullName.split(' '),
  m.fullName,
  m.email,
  m.phone,
  m.membershipNumber,
]);

/** Whole-word, case-insensitive: "Annual" is not "Ann". */
function personalDataIn(text: string): string[] {
  return PERSONAL.filter((p) =>
    new RegExp(
      `(?<![\\p{L}\\p{N}_])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`,
      'iu',
    ).test(text),
  );
}

const TRICKY_TITLE = 'Hearing: "Ann Example", robert bloggs, and others';
const TRICKY_DESCRIPTION =
  'First line, with a comma\nSecond line with "quotes" and ANN\'s letter\r\nann example replied';

describe('timeline exports', () => {
  let t: TestApp;
  let ann: SeededCase;
  let bob: SeededCase;
  let nina: SeededCase;
  const ev: Record<string, string> = {};

  const exportOf = async (agent: Agent, query: string, status = 200) => {
    const res = await agent.get(`/api/exports/timeline?${query}`).buffer(true).parse(asText);
    expect(res.status).toBe(status);
    return { text: res.body as unknown as string, res };
  };
  const csvRows = (text: string) => parse(text, { bom: true, relax_column_count: false }) as string[][];
  const ndjson = (text: string) =>
    text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));

  beforeAll(async () => {
    t = await createTestApp();
    const cw = t.users.caseworker.id;
    ann = await seedCase(t.db, cw, {
      ...ANN,
      region: 'North West',
      constituencyParty: 'Northtown CLP',
      actionType: 'suspension',
      issuingBody: 'National Executive Committee',
      status: 'appeal_lodged',
      consentToResearch: true,
    });
    bob = await seedCase(t.db, cw, {
      ...BOB,
      region: 'Wales',
      constituencyParty: 'Cardiff CLP',
      actionType: 'expulsion',
      issuingBody: 'Regional Office',
      status: 'intake',
      consentToResearch: true,
    });
    nina = await seedCase(t.db, cw, {
      ...NINA,
      region: 'Scotland',
      constituencyParty: 'Leith CLP',
      actionType: 'auto_exclusion',
      status: 'intake',
      consentToResearch: false,
    });
    ev.annTricky = await seedEvent(t.db, ann.caseId, cw, {
      occurredAt: new Date('2019-03-05T14:30:00Z'),
      precision: 'exact',
      title: TRICKY_TITLE,
      description: TRICKY_DESCRIPTION,
      source: 'Email from ann.example@mail.test (Ann)',
    });
    ev.annMonth = await seedEvent(t.db, ann.caseId, cw, {
      occurredAt: new Date('2019-04-01T00:00:00Z'),
      precision: 'month',
      title: 'Annual review of the annex',
      description: null,
    });
    ev.annOld = await seedEvent(t.db, ann.caseId, cw, {
      occurredAt: new Date('2019-05-02T00:00:00Z'),
      title: 'Meeting with EXAMPLE (wrong date)',
    });
    ev.annNew = await seedCorrection(t.db, ann.caseId, cw, ev.annOld, {
      occurredAt: new Date('2019-05-03T00:00:00Z'),
      title: 'Meeting with Example',
    });
    ev.bob = await seedEvent(t.db, bob.caseId, t.users.coordinator.id, {
      occurredAt: new Date('2020-01-01T00:00:00Z'),
      precision: 'year',
      title: "Bloggs's appeal <script>alert(1)</script>",
      description: 'robert BLOGGS phoned about Robert’s case',
    });
    ev.nina = await seedEvent(t.db, nina.caseId, cw, {
      occurredAt: new Date('2019-06-01T09:00:00Z'),
      title: 'Nina Quietly suspended',
    });
  });
  afterAll(() => t.close());

  describe('formats', () => {
    it('csv: RFC 4180 parsed by csv-parse; quotes, commas and newlines survive; every row as wide as the header', async () => {
      const { text, res } = await exportOf(t.as.coordinator, 'format=csv&pseudonymise=false');
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="caseline-timeline-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const rows = csvRows(text);
      expect(rows[0]).toEqual(CSV_HEADER);
      expect(rows.length).toBe(1 + 5); // superseded event left out by default
      for (const row of rows) expect(row).toHaveLength(CSV_HEADER.length);
      const tricky = rows.find((r) => r[6] === ev.annTricky)!;
      expect(tricky[10]).toBe(TRICKY_TITLE);
      expect(tricky[11]).toBe(TRICKY_DESCRIPTION);
      expect(tricky[1]).toBe('Ann Example');
      expect(tricky[9]).toBe('exact');
      expect(tricky[8]).toBe('2019-03-05T14:30:00.000Z');
      // ordered by occurredAt
      const times = rows.slice(1).map((r) => r[8]);
      expect([...times].sort()).toEqual(times);
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
    });

    it('csv: bom=true starts with a UTF-8 byte order mark', async () => {
      const res = await t.as.coordinator
        .get('/api/exports/timeline?format=csv&bom=true')
        .buffer(true)
        .parse(asBuffer);
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csvRows(body.toString('utf8'))[0]).toEqual(CSV_HEADER);
    });

    it('json: a manifest and the events, parsed by JSON.parse', async () => {
      const { text, res } = await exportOf(t.as.coordinator, 'format=json&region=North%20West');
      expect(res.headers['content-disposition']).toMatch(
        /filename="caseline-timeline-\d{4}-\d{2}-\d{2}\.json"/,
      );
      const doc = JSON.parse(text);
      expect(doc.manifest).toEqual({
        generatedAt: expect.any(String),
        format: 'json',
        filters: { region: 'North West' },
        pseudonymised: true,
      });
      expect(doc.events.map((e: { id: string }) => e.id)).toEqual([ev.annTricky, ev.annMonth, ev.annNew]);
      expect(doc.events[0]).toMatchObject({
        caseReference: ann.reference,
        type: 'note',
        precision: 'exact',
        occurredAt: '2019-03-05T14:30:00.000Z',
        recordedBy: 'caseworker',
        evidenceIds: [],
      });
    });

    it('ndjson: one event object per line and nothing else', async () => {
      const { text, res } = await exportOf(t.as.coordinator, 'format=ndjson');
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(5);
      for (const line of lines) expect(JSON.parse(line)).toHaveProperty('id');
    });

    it('timelinejs: title slide, numeric dates following precision, headline, group and unique_id', async () => {
      const { text } = await exportOf(t.as.coordinator, 'format=timelinejs&includeSuperseded=true');
      const doc = JSON.parse(text);
      expect(doc.title.text.headline).toEqual(expect.any(String));
      const ids = doc.events.map((e: { unique_id: string }) => e.unique_id);
      expect(ids).not.toContain(ev.annOld); // superseded events are always left out
      expect(ids).toHaveLength(5);
      for (const e of doc.events) {
        expect(typeof e.start_date.year).toBe('number');
        if (e.start_date.month !== undefined) {
          expect(Number.isInteger(e.start_date.month)).toBe(true);
          expect(e.start_date.month).toBeGreaterThanOrEqual(1);
          expect(e.start_date.month).toBeLessThanOrEqual(12);
        }
        expect(e.text.headline).toEqual(expect.any(String));
        expect(e.text.headline.length).toBeGreaterThan(0);
        expect(e.group).toMatch(/^CL-/);
        expect(new Set(ids).size).toBe(ids.length);
      }
      const byId = (id: string) => doc.events.find((e: { unique_id: string }) => e.unique_id === id);
      expect(byId(ev.annMonth).start_date).toEqual({ year: 2019, month: 4 });
      expect(byId(ev.bob).start_date).toEqual({ year: 2020 });
      expect(byId(ev.annTricky).start_date).toEqual({ year: 2019, month: 3, day: 5, hour: 14, minute: 30 });
      expect(byId(ev.annNew).start_date).toEqual({ year: 2019, month: 5, day: 3 });
      expect(byId(ev.bob).text.headline).not.toContain('<script>');
      expect(byId(ev.bob).text.headline).toContain('&lt;script&gt;');
      expect(byId(ev.bob).group).toBe(bob.reference);
    });

    it('rejects an unknown or missing format with 400', async () => {
      const bad = await t.as.coordinator.get('/api/exports/timeline?format=xml').expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('format');
      await t.as.coordinator.get('/api/exports/timeline').expect(400);
      await t.as.coordinator.get('/api/exports/timeline?format=csv&status=nonsense').expect(400);
      await t.as.coordinator.get('/api/exports/timeline?format=csv&caseId=not-a-uuid').expect(400);
      await t.as.coordinator.get('/api/exports/timeline?format=csv&from=yesterday').expect(400);
    });

    it.each(['csv', 'json', 'ndjson', 'timelinejs'])(
      'an export that matches nothing is a valid empty %s',
      async (format) => {
        const { text } = await exportOf(t.as.coordinator, `format=${format}&region=Atlantis`);
        if (format === 'csv') expect(csvRows(text)).toEqual([CSV_HEADER]);
        if (format === 'json') expect(JSON.parse(text).events).toEqual([]);
        if (format === 'ndjson') expect(text).toBe('');
        if (format === 'timelinejs')
          expect(JSON.parse(text)).toMatchObject({ title: expect.any(Object), events: [] });
      },
    );
  });

  describe('pseudonymisation', () => {
    it.each(['csv', 'json', 'ndjson', 'timelinejs'])(
      'a default %s export holds no name, email, phone or membership number, and holds the M- pseudonyms',
      async (format) => {
        for (const agent of [t.as.coordinator, t.as.researcher, t.as.admin]) {
          const { text } = await exportOf(agent, `format=${format}`);
          expect(personalDataIn(text)).toEqual([]);
          expect(text).toMatch(/M-[0-9a-f]{10}/);
          expect(text).toContain('Annual review of the annex'); // names inside other words untouched
          expect(text).not.toContain('Test caseworker');
        }
      },
    );

    it('the named export does contain the names (so the check above is meaningful)', async () => {
      const { text } = await exportOf(t.as.coordinator, 'format=ndjson&pseudonymise=false');
      expect(personalDataIn(text)).toEqual(expect.arrayContaining(['Ann Example', 'Robert', 'Bloggs']));
    });

    it('replaces names in free text in any case, possessives included', async () => {
      const { text } = await exportOf(t.as.coordinator, 'format=ndjson');
      const events = ndjson(text);
      const tricky = events.find((e) => e.id === ev.annTricky);
      const p = tricky.member;
      expect(p).toMatch(/^M-[0-9a-f]{10}$/);
      const bobP = events.find((e) => e.id === ev.bob).member;
      // another member named in this case's text, by full name, becomes their pseudonym
      expect(tricky.title).toBe(`Hearing: "${p}", ${bobP}, and others`);
      expect(tricky.description).toBe(
        `First line, with a comma\nSecond line with "quotes" and ${p}'s letter\r\n${p} replied`,
      );
      // the member's email, phone and membership number quoted in free text are removed too
      expect(tricky.source).toBe(`Email from [redacted] (${p})`);
      const bobEvent = events.find((e) => e.id === ev.bob);
      expect(bobEvent.description).toBe(`${bobEvent.member} phoned about ${bobEvent.member}’s case`);
      expect(bobEvent.recordedBy).toBe('coordinator');
    });

    it('pseudonyms are stable across exports and distinct across members', async () => {
      const first = ndjson((await exportOf(t.as.researcher, 'format=ndjson')).text);
      const second = ndjson((await exportOf(t.as.coordinator, 'format=ndjson')).text);
      const byCase = (events: { caseReference: string; member: string }[]) =>
        Object.fromEntries(events.map((e) => [e.caseReference, e.member]));
      expect(byCase(second)).toMatchObject(byCase(first));
      expect(byCase(first)[ann.reference]).not.toBe(byCase(first)[bob.reference]);
    });

    it('researchers asking for pseudonymise=false get 403; coordinators and admins may', async () => {
      await t.as.researcher.get('/api/exports/timeline?format=csv&pseudonymise=false').expect(403);
      await exportOf(t.as.admin, 'format=csv&pseudonymise=false');
      await t.as.caseworker.get('/api/exports/timeline?format=csv').expect(403);
    });

    it("leaves a non-consenting member's cases out of a researcher's export", async () => {
      const researcher = ndjson(
        (await exportOf(t.as.researcher, 'format=ndjson&includeSuperseded=true')).text,
      );
      expect(researcher.map((e) => e.caseReference)).not.toContain(nina.reference);
      expect(researcher.map((e) => e.id)).not.toContain(ev.nina);
      const coordinator = ndjson((await exportOf(t.as.coordinator, 'format=ndjson')).text);
      expect(coordinator.map((e) => e.id)).toContain(ev.nina);
      // even when asked for by case id
      const direct = await exportOf(t.as.researcher, `format=ndjson&caseId=${nina.caseId}`);
      expect(direct.text).toBe('');
    });
  });

  describe('filters', () => {
    const ids = async (query: string) =>
      ndjson((await exportOf(t.as.coordinator, `format=ndjson&${query}`)).text)
        .map((e) => e.id)
        .sort();
    const sorted = (...xs: string[]) => [...xs].sort();

    it('each filter narrows the export', async () => {
      expect(await ids(`caseId=${bob.caseId}`)).toEqual([ev.bob]);
      expect(await ids(`caseId=${bob.caseId}&caseId=${nina.caseId}`)).toEqual(sorted(ev.bob, ev.nina));
      expect(await ids('status=intake')).toEqual(sorted(ev.bob, ev.nina));
      expect(await ids('actionType=expulsion')).toEqual([ev.bob]);
      expect(await ids('actionType=expulsion&actionType=auto_exclusion')).toEqual(sorted(ev.bob, ev.nina));
      expect(await ids('region=Scotland')).toEqual([ev.nina]);
      expect(await ids('constituencyParty=Cardiff%20CLP')).toEqual([ev.bob]);
      expect(await ids('issuingBody=Regional%20Office')).toEqual([ev.bob]);
      expect(await ids('from=2019-06-01')).toEqual(sorted(ev.nina, ev.bob));
      expect(await ids('to=2019-04-01')).toEqual(sorted(ev.annTricky, ev.annMonth));
      expect(await ids('from=2019-03-05T14:30:00Z&to=2019-03-05T14:30:00Z')).toEqual([ev.annTricky]);
      expect(await ids('from=2019-05-01&to=2019-05-31&includeSuperseded=true')).toEqual(
        sorted(ev.annOld, ev.annNew),
      );
      expect(await ids('from=2019-05-01&to=2019-05-31')).toEqual([ev.annNew]);
      expect(await ids('region=North%20West&status=intake')).toEqual([]);
    });

    it('shows supersedes / superseded_by when superseded events are included', async () => {
      const rows = csvRows((await exportOf(t.as.coordinator, 'format=csv&includeSuperseded=true')).text);
      const old = rows.find((r) => r[6] === ev.annOld)!;
      const correction = rows.find((r) => r[6] === ev.annNew)!;
      expect(old[17]).toBe(ev.annNew);
      expect(correction[16]).toBe(ev.annOld);
    });
  });

  describe('audit', () => {
    it('writes an entry per export with format, filters, pseudonymisation flag and row count', async () => {
      await exportOf(t.as.researcher, 'format=json&region=Wales');
      // written when the stream ends: allow the transaction to land
      let rows: { actor_id: string; details: string }[] = [];
      for (let i = 0; i < 20 && rows.length === 0; i++) {
        rows = await t.db.query(
          `SELECT actor_id, details FROM audit_entries WHERE action = 'export.timeline' AND actor_id = ? ORDER BY id DESC`,
          [t.users.researcher.id],
        );
        if (!rows.length) await new Promise((r) => setTimeout(r, 100));
      }
      const details = JSON.parse(rows[0].details);
      expect(details).toEqual({
        format: 'json',
        filters: { region: 'Wales' },
        pseudonymised: true,
        rowCount: 1,
        completed: true,
      });
    });
  });

  describe('background exports', () => {
    const waitDone = async (agent: Agent, id: string) => {
      for (let i = 0; i < 100; i++) {
        const res = await agent.get(`/api/exports/${id}`).expect(200);
        if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('export did not finish');
    };

    it('queues, runs and serves a file whose sha256 and size match the manifest', async () => {
      for (const format of ['csv', 'json', 'ndjson', 'timelinejs']) {
        const created = await t.as.researcher
          .post('/api/exports')
          .send({ format, filters: { status: ['intake', 'appeal_lodged'] } })
          .expect(202);
        expect(created.body).toEqual({ id: expect.any(String), status: 'queued' });
        const manifest = await waitDone(t.as.researcher, created.body.id);
        expect(manifest).toMatchObject({
          id: created.body.id,
          status: 'done',
          format,
          filters: { status: ['intake', 'appeal_lodged'] },
          pseudonymised: true,
          requestedBy: t.users.researcher.id,
          rowCount: format === 'timelinejs' ? 4 : 4,
          progress: 4,
          error: null,
        });
        expect(manifest.createdAt).toEqual(expect.any(String));
        expect(manifest.completedAt).toEqual(expect.any(String));
        const file = await t.as.researcher
          .get(`/api/exports/${created.body.id}/download`)
          .buffer(true)
          .parse(asBuffer)
          .expect(200);
        const body = file.body as Buffer;
        expect(body.length).toBe(manifest.bytes);
        expect(createHash('sha256').update(body).digest('hex')).toBe(manifest.sha256);
        expect(personalDataIn(body.toString('utf8'))).toEqual([]);
        expect(file.headers['content-disposition']).toMatch(/^attachment; filename="caseline-timeline-/);
      }
    });

    it("lists one's own exports (admins see all) and hides other users' exports", async () => {
      const mine = await t.as.coordinator
        .post('/api/exports')
        .send({ format: 'csv', pseudonymise: false })
        .expect(202);
      await waitDone(t.as.coordinator, mine.body.id);
      await t.as.researcher.get(`/api/exports/${mine.body.id}`).expect(404);
      await t.as.researcher.get(`/api/exports/${mine.body.id}/download`).expect(404);
      const researcherList = await t.as.researcher.get('/api/exports').expect(200);
      expect(researcherList.body.items.map((e: { id: string }) => e.id)).not.toContain(mine.body.id);
      expect(
        researcherList.body.items.every(
          (e: { requestedBy: string }) => e.requestedBy === t.users.researcher.id,
        ),
      ).toBe(true);
      const adminList = await t.as.admin.get('/api/exports').expect(200);
      expect(adminList.body.items.map((e: { id: string }) => e.id)).toContain(mine.body.id);
      await t.as.admin.get(`/api/exports/${mine.body.id}/download`).expect(200);
      await t.as.coordinator.get('/api/exports/not-a-uuid').expect(400);
    });

    it('refuses a researcher pseudonymise=false (403) and an unknown format (400)', async () => {
      await t.as.researcher.post('/api/exports').send({ format: 'csv', pseudonymise: false }).expect(403);
      await t.as.researcher.post('/api/exports').send({ format: 'xlsx' }).expect(400);
      await t.as.researcher
        .post('/api/exports')
        .send({ format: 'csv', filters: { caseId: ['x'] } })
        .expect(400);
      await t.as.caseworker.post('/api/exports').send({ format: 'csv' }).expect(403);
    });

    it('audits the completed export with format, filters, flag and row count', async () => {
      const created = await t.as.coordinator
        .post('/api/exports')
        .send({ format: 'ndjson', filters: { region: 'Wales' } });
      await waitDone(t.as.coordinator, created.body.id);
      const rows = await t.db.query<{ details: string }>(
        `SELECT details FROM audit_entries WHERE action = 'export.completed' AND entity_id = ?`,
        [created.body.id],
      );
      expect(JSON.parse(rows[0].details)).toMatchObject({
        format: 'ndjson',
        filters: { region: 'Wales' },
        pseudonymised: true,
        rowCount: 1,
      });
    });

    it('removes files after EXPORT_RETENTION_DAYS and keeps the manifest', async () => {
      const created = await t.as.coordinator.post('/api/exports').send({ format: 'csv' }).expect(202);
      const manifest = await waitDone(t.as.coordinator, created.body.id);
      const dir = join(t.dir, 'exports');
      expect(readdirSync(dir).some((f) => f.startsWith(created.body.id))).toBe(true);
      const old = new Date(Date.now() - 8 * 86_400_000);
      await t.db.query('UPDATE exports SET completed_at = ? WHERE id = ?', [
        t.db.kind === 'sqlite' ? old.toISOString().replace('T', ' ').replace('Z', '') : old.toISOString(),
        created.body.id,
      ]);
      await t.restart(); // the retention sweep runs at start, then hourly as a repeatable job
      // The sweep removes the file, then marks the manifest: wait for the mark, not the file alone.
      let after = await t.as.coordinator.get(`/api/exports/${created.body.id}`).expect(200);
      for (let i = 0; i < 50 && !after.body.fileDeletedAt; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = await t.as.coordinator.get(`/api/exports/${created.body.id}`).expect(200);
      }
      expect(existsSync(join(dir, `${created.body.id}.csv`))).toBe(false);
      expect(after.body).toMatchObject({ status: 'done', sha256: manifest.sha256, bytes: manifest.bytes });
      expect(after.body.fileDeletedAt).toEqual(expect.any(String));
      await t.as.coordinator.get(`/api/exports/${created.body.id}/download`).expect(410);
    }, 120_000);
  });

  describe('CLI', () => {
    const cli = (args: string[]) =>
      promisify(execFile)(process.execPath, [join(MAIN, '..', 'cli', 'export.js'), ...args], {
        env: { PATH: process.env.PATH, ...t.env },
        cwd: t.dir,
      });

    it('writes a pseudonymised export of consenting members with a progress line on stderr', async () => {
      const out = join(t.dir, 'cli-timeline.csv');
      const { stderr } = await cli([
        '--format',
        'csv',
        '--out',
        out,
        '--pseudonymise',
        '--region',
        'North West',
      ]);
      expect(stderr).toMatch(/exported 3 rows/);
      const rows = csvRows(readFileSync(out, 'utf8'));
      expect(rows[0]).toEqual(CSV_HEADER);
      expect(rows.slice(1).map((r) => r[6])).toEqual([ev.annTricky, ev.annMonth, ev.annNew]);
      expect(personalDataIn(readFileSync(out, 'utf8'))).toEqual([]);
      const all = await cli(['--format', 'ndjson', '--out', '-']);
      expect(all.stdout).not.toContain(ev.nina);
      expect(personalDataIn(all.stdout)).toEqual([]);
    });

    it('gives a named export with --no-pseudonymise and refuses bad arguments', async () => {
      const named = await cli([
        '--format',
        'json',
        '--out',
        '-',
        '--no-pseudonymise',
        '--case-id',
        nina.caseId,
      ]);
      expect(JSON.parse(named.stdout).events.map((e: { member: string }) => e.member)).toEqual([
        'Nina Quietly',
      ]);
      await expect(cli(['--format', 'xml', '--out', '-'])).rejects.toMatchObject({ code: 2 });
      await expect(cli(['--format', 'csv', '--out', '-', '--status', 'lost'])).rejects.toMatchObject({
        code: 2,
      });
    });
  });
});

describe('background exports while Redis is down', () => {
  let t: TestApp;
  let port: number;
  let redis: ChildProcess | undefined;

  beforeAll(async () => {
    port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    t = await createTestApp({
      env: { REDIS_URL: `redis://127.0.0.1:${port}/1`, RECONCILE_INTERVAL_MS: '300' },
    });
  });
  afterAll(async () => {
    await t.close();
    redis?.kill('SIGKILL');
  });

  it('answers 202 at once, keeps the export queued in the database and runs it once Redis is back', async () => {
    const started = Date.now();
    const created = await t.as.coordinator.post('/api/exports').send({ format: 'ndjson' }).expect(202);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(created.body.status).toBe('queued');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await t.as.coordinator.get(`/api/exports/${created.body.id}`).expect(200)).body.status).toBe(
      'queued',
    );

    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    let status = 'queued';
    for (let i = 0; i < 150 && status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await t.as.coordinator.get(`/api/exports/${created.body.id}`).expect(200)).body.status;
    }
    expect(status).toBe('done');
  });
});

describe('a streamed export whose client stops reading or goes away', () => {
  let t: TestApp;
  let caseId: string;
  const EVENTS = 6000;

  beforeAll(async () => {
    t = await createTestApp();
    const cw = t.users.caseworker.id;
    ({ caseId } = await seedCase(t.db, cw, { ...ANN, consentToResearch: true }));
    // Enough rows (about 6 MB of NDJSON) that the response cannot sit in the socket buffers whole.
    const description = 'Minutes of the branch meeting. '.repeat(30);
    for (let i = 0; i < EVENTS; i += 200) {
      const rows = Array.from({ length: Math.min(200, EVENTS - i) }, (_, j) => [
        randomUUID(),
        caseId,
        'note',
        dbTimestamp(t.db, new Date(Date.UTC(2019, 0, 1) + (i + j) * 60_000)),
        'exact',
        `Event ${i + j}`,
        description,
        '[]',
        dbTimestamp(t.db, new Date()),
        cw,
      ]);
      await t.db.query(
        `INSERT INTO timeline_events (id, case_id, type, occurred_at, precision, title, description, evidence_ids,
           recorded_at, recorded_by) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows.flat(),
      );
    }
  });
  afterAll(() => t.close());

  /** Starts an export and resolves with the response once its first bytes are in, paused. */
  const startExport = (token: string) =>
    new Promise<{ req: http.ClientRequest; res: http.IncomingMessage; first: Buffer }>((resolve, reject) => {
      const req = http.get(
        `${t.url}/api/exports/timeline?format=ndjson&pseudonymise=false&caseId=${caseId}`,
        { headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.once('data', (first: Buffer) => {
            res.pause();
            resolve({ req, res, first });
          });
        },
      );
      req.on('error', reject);
    });

  it('serves other requests and writes while it waits, and records what it sent when the client leaves', async () => {
    const { req, res, first } = await startExport(t.as.coordinator.token);
    expect(res.statusCode).toBe(200);
    expect(first.length).toBeGreaterThan(0);
    // The export is held up by its client: the rest of the API is not.
    await t.as.caseworker.get(`/api/cases/${caseId}`).expect(200);
    const intake = await t.as.caseworker.post('/api/cases').send({
      member: { fullName: 'Someone Else' },
      actionType: 'suspension',
      actionDate: '2019-03-01',
      notifiedAt: '2019-03-04',
    });
    expect(intake.status).toBe(201);
    await t.as.researcher.get('/api/stats/summary?groupBy=region').expect(200);

    req.destroy();
    let details: { completed: boolean; rowCount: number; format: string } | undefined;
    for (let i = 0; i < 50 && !details; i++) {
      const rows = await t.db.query<{ details: string }>(
        `SELECT details FROM audit_entries WHERE action = 'export.timeline' AND actor_id = ? ORDER BY id DESC`,
        [t.users.coordinator.id],
      );
      if (rows.length) details = JSON.parse(rows[0].details);
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(details).toMatchObject({ format: 'ndjson', completed: false });
    expect(details!.rowCount).toBeGreaterThan(0);
    expect(details!.rowCount).toBeLessThan(EVENTS);
    // A client leaving is not a server error, and the server goes on serving.
    expect(t.server.output.filter((l) => /streamed export failed|"level":50/.test(l))).toEqual([]);
    await t.as.coordinator.get('/api/me').expect(200);
  });

  it('sends every row to a client that reads to the end', async () => {
    const res = await t.as.coordinator
      .get(`/api/exports/timeline?format=ndjson&pseudonymise=false&caseId=${caseId}`)
      .buffer(true)
      .parse(asText)
      .expect(200);
    const lines = (res.body as unknown as string).split('\n').filter(Boolean);
    // the 6000 seeded events (the seeded case has no others)
    expect(lines).toHaveLength(EVENTS);
    expect(new Set(lines.map((l) => JSON.parse(l).id)).size).toBe(EVENTS);
  });
});
