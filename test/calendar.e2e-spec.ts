import { randomUUID } from 'node:crypto';
import * as ical from 'node-ical';
import request from 'supertest';
import { dbTimestamp, seedCase } from './factories/seed';
import { reminderBody } from './factories/reminders';
import { createTestApp, TestApp } from './helpers/test-app';

jest.setTimeout(60_000);

const PUBLIC_URL = 'https://caseline.example.org';

describe('calendar feed', () => {
  let t: TestApp;
  let reference: string;
  let caseId: string;
  let appealId: string;
  let reminderId: string;
  let secondCaseId: string;
  const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const hearingAt = new Date(Date.now() + 10 * 86_400_000);

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL } });
    ({ caseId, reference } = await seedCase(t.db, t.users.caseworker.id, {
      fullName: 'Ottoline Brackenbury',
      appealDeadline: deadline,
      assigneeId: t.users.caseworker.id,
    }));
    // A case of someone else's, and a second own case with a pending appeal (hearing, no deadline).
    await seedCase(t.db, t.users.caseworker.id, {
      fullName: 'Someone Else',
      appealDeadline: deadline,
      assigneeId: t.users.coordinator.id,
    });
    const second = await seedCase(t.db, t.users.caseworker.id, {
      fullName: 'Wilhelmina Pardoe',
      appealDeadline: deadline,
      assigneeId: t.users.caseworker.id,
    });
    secondCaseId = second.caseId;
    appealId = randomUUID();
    const now = dbTimestamp(t.db, new Date());
    await t.db.query(
      `INSERT INTO appeals (id, case_id, lodged_at, body, grounds, hearing_at, outcome, decided_at, created_by, version, created_at, updated_at)
       VALUES (?, ?, ?, 'Appeals Panel', NULL, ?, 'pending', NULL, ?, 1, ?, ?)`,
      [appealId, second.caseId, '2026-01-01', dbTimestamp(t.db, hearingAt), t.users.caseworker.id, now, now],
    );
    const r = await t.as.caseworker
      .post(`/api/cases/${caseId}/reminders`)
      .send(reminderBody(86_400_000, { message: 'Phone Ottoline Brackenbury about the panel' }))
      .expect(201);
    reminderId = r.body.id;
  });
  afterAll(() => t?.close());

  const feedPath = (url: string) => new URL(url).pathname + new URL(url).search;

  it('serves an iCalendar feed a real parser reads, with stable UIDs and no member name', async () => {
    const token = await t.as.caseworker.post('/api/me/calendar-token').expect(201);
    expect(token.body.url).toMatch(
      /^https:\/\/caseline\.example\.org\/api\/calendar\.ics\?token=[A-Za-z0-9_-]{43}$/,
    );
    const res = await t.http().get(feedPath(token.body.url)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const text = res.text;
    expect(text).not.toMatch(/Ottoline|Brackenbury|Wilhelmina|Pardoe|Someone Else/i);
    const events = Object.values(ical.sync.parseICS(text)).filter(
      (e) => e.type === 'VEVENT',
    ) as ical.VEvent[];
    const uids = events.map((e) => e.uid).sort();
    expect(uids).toEqual(
      [
        `appeal-deadline-${caseId}@caseline`,
        `hearing-${appealId}@caseline`,
        `reminder-${reminderId}@caseline`,
      ].sort(),
    );
    const byUid = new Map(events.map((e) => [e.uid, e]));
    expect(String(byUid.get(`appeal-deadline-${caseId}@caseline`)!.summary)).toBe(
      `${reference}: appeal deadline`,
    );
    expect(new Date(byUid.get(`hearing-${appealId}@caseline`)!.start).getTime()).toBe(
      Math.floor(hearingAt.getTime() / 1000) * 1000,
    );
    expect(String(byUid.get(`reminder-${reminderId}@caseline`)!.summary)).toBe(`${reference}: reminder`);
    // every entry links to its case's page by an absolute address a calendar app can open
    const caseOf = new Map([
      [`appeal-deadline-${caseId}@caseline`, caseId],
      [`reminder-${reminderId}@caseline`, caseId],
      [`hearing-${appealId}@caseline`, secondCaseId],
    ]);
    for (const e of events) {
      const link = `${PUBLIC_URL}/cases/${caseOf.get(e.uid)}`;
      expect(String(e.description)).toContain(link);
      expect(typeof e.url === 'string' ? e.url : (e.url as { val?: string } | undefined)?.val).toBe(link);
    }

    const again = await t.http().get(feedPath(token.body.url)).expect(200);
    const uidsAgain = Object.values(ical.sync.parseICS(again.text))
      .filter((e) => e.type === 'VEVENT')
      .map((e) => (e as ical.VEvent).uid)
      .sort();
    expect(uidsAgain).toEqual(uids);
  });

  it('stores the token hashed, grants nothing else with it, and audits each read', async () => {
    const { body } = await t.as.caseworker.post('/api/me/calendar-token').expect(201);
    const token = new URL(body.url).searchParams.get('token')!;
    const rows = await t.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM calendar_tokens WHERE user_id = ?',
      [t.users.caseworker.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    await request(t.url).get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    await t.http().get(feedPath(body.url)).expect(200);
    const audit = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_entries WHERE action LIKE 'calendar.%' AND entity_id = ?",
      [t.users.caseworker.id],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['calendar.token.rotate', 'calendar.feed']),
    );
  });

  it('answers 401 to a wrong, missing or rotated token', async () => {
    const first = await t.as.coordinator.post('/api/me/calendar-token').expect(201);
    await t.http().get(feedPath(first.body.url)).expect(200);
    const second = await t.as.coordinator.post('/api/me/calendar-token').expect(201);
    await t.http().get(feedPath(first.body.url)).expect(401);
    await t.http().get(feedPath(second.body.url)).expect(200);
    await t
      .http()
      .get('/api/calendar.ics?token=' + 'x'.repeat(43))
      .expect(401);
    await t.http().get('/api/calendar.ics').expect(401);
    await t.http().get('/api/calendar.ics?token[]=a').expect(401);
  });

  it('is not offered to researchers', async () => {
    await t.as.researcher.post('/api/me/calendar-token').expect(403);
  });

  it('without PUBLIC_URL (outside production) links to http://localhost on the port it listens on', async () => {
    await t.restart({ PUBLIC_URL: '' });
    const token = await t.as.caseworker.post('/api/me/calendar-token').expect(201);
    expect(token.body.url.startsWith(`http://localhost:${t.server.port}/api/calendar.ics?token=`)).toBe(true);
    const res = await t.http().get(feedPath(token.body.url)).expect(200);
    const event = ical.sync.parseICS(res.text)[`appeal-deadline-${caseId}@caseline`] as ical.VEvent;
    expect(String(event.description)).toContain(`http://localhost:${t.server.port}/cases/${caseId}`);
  });
});
