import { intake } from './factories/case-payloads';
import { reminderBody } from './factories/reminders';
import { newAppeal, newReminder } from './factories/records';
import { userPayload } from './factories/users';
import { Agent, createTestApp, TestApp } from './helpers/test-app';

/**
 * The three input rules of docs/api.md, each reproduction of issue 14 as a test: null only where
 * it clears a value, text that is well-formed Unicode without NUL, and one strict date syntax.
 * Every refusal is a 400 that names the field; none is a 500 or a cut-off response.
 */
describe('input rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const messages = (body: { message: unknown }) =>
    (Array.isArray(body.message) ? body.message : [body.message]) as string[];

  /** Sends and expects a 400 whose messages name `field` (matching `pattern` when given). */
  async function refused(req: ReturnType<Agent['patch']>, field: string, pattern?: RegExp) {
    const res = await req;
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 400,
      body: { statusCode: 400, message: expect.anything() },
    });
    const named = messages(res.body).filter((m) => m.startsWith(`${field} `));
    expect({ field, messages: messages(res.body), named: named.length > 0 }).toMatchObject({ named: true });
    if (pattern) expect(named.join('\n')).toMatch(pattern);
    return res;
  }

  const refusedNull = (req: ReturnType<Agent['patch']>, field: string) =>
    refused(req, field, /must not be null/);

  describe('null is refused unless it clears the value', () => {
    it.each([
      'priority',
      'issuingBody',
      'externalReference',
      'allegations',
      'tags',
      'actionType',
      'actionDate',
      'notifiedAt',
    ])('PATCH /api/cases/:id {%s: null} → 400, nothing changes', async (field) => {
      const c = await intake(t.as.caseworker);
      await refusedNull(
        t.as.caseworker.patch(`/api/cases/${c.id}`).send({ version: c.version, [field]: null }),
        field,
      );
      const after = await t.as.caseworker.get(`/api/cases/${c.id}`).expect(200);
      expect(after.body.version).toBe(c.version);
    });

    it.each(['fullName', 'consentToContact', 'consentToResearch'])(
      'PATCH /api/members/:id {%s: null} → 400',
      async (field) => {
        const c = await intake(t.as.caseworker);
        await refusedNull(
          t.as.caseworker.patch(`/api/members/${c.memberId}`).send({ version: 1, [field]: null }),
          field,
        );
      },
    );

    it.each(['fullName', 'role', 'active'])('PATCH /api/users/:id {%s: null} → 400', async (field) => {
      const user = await t.createUser('caseworker');
      await refusedNull(t.as.admin.patch(`/api/users/${user.id}`).send({ [field]: null }), field);
    });

    it.each(['lodgedAt', 'body'])('PATCH /api/appeals/:id {%s: null} → 400', async (field) => {
      const c = await intake(t.as.caseworker);
      const appeal = await newAppeal(t.as.caseworker, c.id);
      await refusedNull(
        t.as.caseworker.patch(`/api/appeals/${appeal.id}`).send({ version: appeal.version, [field]: null }),
        field,
      );
    });

    it.each(['message', 'dueAt'])('PATCH /api/reminders/:id {%s: null} → 400', async (field) => {
      const c = await intake(t.as.caseworker);
      const reminder = await newReminder(t.as.caseworker, c.id);
      await refusedNull(
        t.as.caseworker.patch(`/api/reminders/${reminder.id}`).send({ [field]: null }),
        field,
      );
    });

    it('POST /api/events/:id/corrections {reason, source: null} → 400', async () => {
      const c = await intake(t.as.caseworker);
      const timeline = await t.as.caseworker.get(`/api/cases/${c.id}/timeline`).expect(200);
      const event = (timeline.body as { id: string }[])[0];
      await refusedNull(
        t.as.caseworker.post(`/api/events/${event.id}/corrections`).send({ reason: 'fix', source: null }),
        'source',
      );
    });

    it('names a null inside a nested object by its path', async () => {
      const res = await t.as.caseworker
        .post('/api/cases')
        .send({
          member: { fullName: 'Ann Nested', consentToContact: null },
          actionType: 'suspension',
          actionDate: '2019-03-01',
          notifiedAt: '2019-03-04',
        })
        .expect(400);
      expect(messages(res.body)).toContain('member.consentToContact must not be null');
    });

    it('null still clears the fields where it means "clear"', async () => {
      const c = await intake(t.as.caseworker, {
        assigneeId: t.users.caseworker.id,
        coordinatorId: t.users.coordinator.id,
      });
      const patched = await t.as.coordinator
        .patch(`/api/cases/${c.id}`)
        .send({ version: c.version, assigneeId: null, coordinatorId: null })
        .expect(200);
      expect(patched.body).toMatchObject({ assigneeId: null, coordinatorId: null });

      const member = await t.as.caseworker
        .patch(`/api/members/${c.memberId}`)
        .send({
          version: 1,
          email: null,
          phone: null,
          region: null,
          membershipNumber: null,
          constituencyParty: null,
        })
        .expect(200);
      expect(member.body).toMatchObject({
        email: null,
        phone: null,
        region: null,
        membershipNumber: null,
        constituencyParty: null,
      });

      const appeal = await t.as.caseworker
        .post(`/api/cases/${c.id}/appeals`)
        .send({
          lodgedAt: '2019-03-20',
          body: 'NCC',
          grounds: 'Due process',
          hearingAt: '2019-05-14T10:00:00Z',
        })
        .expect(201);
      const cleared = await t.as.caseworker
        .patch(`/api/appeals/${appeal.body.id}`)
        .send({ version: appeal.body.version, grounds: null, hearingAt: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ grounds: null, hearingAt: null });
    });
  });

  describe('text must be well-formed Unicode without NUL', () => {
    const LONE = 'a\ud800@example.org';

    it('POST /api/users with a lone surrogate in email → 400 naming email', async () => {
      await refused(t.as.admin.post('/api/users').send(userPayload({ email: LONE })), 'email', /Unicode/);
    });

    it('intake with a lone surrogate in member.email → 400 naming member.email', async () => {
      const res = await t.as.caseworker.post('/api/cases').send({
        member: { fullName: 'Ann Surrogate', email: LONE },
        actionType: 'suspension',
        actionDate: '2019-03-01',
        notifiedAt: '2019-03-04',
      });
      expect(res.status).toBe(400);
      expect(messages(res.body)).toEqual([expect.stringMatching(/^member\.email .*Unicode/)]);
    });

    it('PATCH /api/members/:id with a lone surrogate in email → 400 naming email', async () => {
      const c = await intake(t.as.caseworker);
      await refused(
        t.as.caseworker.patch(`/api/members/${c.memberId}`).send({ version: 1, email: LONE }),
        'email',
        /Unicode/,
      );
    });

    it('a lone low surrogate in a list item is named by its position', async () => {
      const c = await intake(t.as.caseworker);
      const res = await t.as.coordinator
        .patch(`/api/cases/${c.id}`)
        .send({ version: c.version, tags: ['fine', 'x\udc00'] })
        .expect(400);
      expect(messages(res.body)).toEqual([expect.stringMatching(/^tags\[1\] .*Unicode/)]);
    });

    it('NUL in a body field or a query parameter → 400 naming it', async () => {
      const c = await intake(t.as.caseworker);
      await refused(
        t.as.caseworker.patch(`/api/cases/${c.id}`).send({ version: c.version, summary: 'a\u0000b' }),
        'summary',
        /NUL/,
      );
      await refused(t.as.caseworker.get('/api/cases?region=North%00West'), 'region', /NUL/);
    });

    it('well-formed text outside the BMP is accepted', async () => {
      const c = await intake(t.as.caseworker);
      await t.as.caseworker
        .patch(`/api/cases/${c.id}`)
        .send({ version: c.version, summary: 'Posted 🙂 and 𝄞' })
        .expect(200);
    });
  });

  describe('dates have one strict syntax', () => {
    it.each(['to', 'from'])(
      'GET /api/exports/timeline?format=ndjson&%s=2016-W05-1 → 400 before any byte of the export',
      async (param) => {
        const res = await t.as.coordinator.get(`/api/exports/timeline?format=ndjson&${param}=2016-W05-1`);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/json/);
        expect(messages(res.body)).toEqual([expect.stringMatching(new RegExp(`^${param} `))]);
      },
    );

    it('the export still takes a calendar date and an RFC 3339 timestamp with an offset', async () => {
      await t.as.coordinator
        .get('/api/exports/timeline?format=ndjson&from=2019-01-01&to=2019-12-31T23:00:00%2B01:00')
        .expect(200);
    });

    it.each([
      ['an impossible day', '2026-02-30'],
      ['an impossible month', '2026-13-01'],
      ['hour 25', '2026-01-02T25:00:00Z'],
      ['hour 24', '2026-01-02T24:00:00Z'],
      ['an offset without a colon', '2026-01-02T03:04:05+0100'],
      ['no zone', '2026-01-02T03:04:05'],
      ['an ordinal date', '2026-033'],
    ])('refuses %s (%s) as an export bound', async (_what, value) => {
      const res = await t.as.coordinator.get(
        `/api/exports/timeline?format=csv&to=${encodeURIComponent(value)}`,
      );
      expect(res.status).toBe(400);
      expect(messages(res.body)).toEqual([expect.stringMatching(/^to /)]);
    });

    it('refuses an impossible reminder dueAt that JavaScript would roll over to March', async () => {
      const c = await intake(t.as.caseworker);
      await refused(
        t.as.caseworker
          .post(`/api/cases/${c.id}/reminders`)
          .send(reminderBody(0, { dueAt: '2030-02-30T10:00:00Z' })),
        'dueAt',
      );
    });

    it('refuses impossible dates in query filters (audit, reminders, statistics)', async () => {
      await refused(t.as.admin.get('/api/audit?from=2020-02-30'), 'from');
      await refused(t.as.caseworker.get('/api/reminders?to=2020-02-30T10:00:00Z'), 'to');
      await refused(t.as.coordinator.get('/api/stats/summary?groupBy=month&from=2026-02-30'), 'from');
    });

    it('refuses hour 25 in an appeal hearing and a timeline event', async () => {
      const c = await intake(t.as.caseworker);
      await refused(
        t.as.caseworker
          .post(`/api/cases/${c.id}/appeals`)
          .send({ lodgedAt: '2019-03-20', body: 'NCC', hearingAt: '2026-01-02T25:00:00Z' }),
        'hearingAt',
      );
      await refused(
        t.as.caseworker
          .post(`/api/cases/${c.id}/events`)
          .send({ type: 'note', title: 'Call', occurredAt: '2019-01-02T25:00:00Z' }),
        'occurredAt',
      );
    });

    it('a bare date as an upper bound includes that whole day (audit)', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const res = await t.as.admin.get(`/api/audit?from=${today}&to=${today}`).expect(200);
      expect(res.body.total).toBeGreaterThan(0);
    });
  });
});
