import request from 'supertest';
import { intakePayload } from './factories/case-payloads';
import { fixtures } from './factories/evidence-files';
import { reminderBody } from './factories/reminders';
import {
  OpenApiDocument,
  operations,
  ResponseValidator,
  saysWhatItIs,
  Schema,
  walkSchemas,
} from './helpers/openapi';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from './helpers/test-app';
import { waitFor } from './helpers/wait';

/**
 * The OpenAPI document tells the truth about responses: every operation is summarised, every JSON
 * answer has a schema a generated client can type, and real answers match their schemas exactly
 * (no undocumented field, no missing required one, no undeclared null, no wrong type or format).
 */
describe('OpenAPI responses', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let v: ResponseValidator;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.url).get('/docs-json').expect(200)).body as OpenApiDocument;
    v = new ResponseValidator(doc);
  });
  afterAll(() => t?.close());

  describe('the document', () => {
    it('gives every operation a summary', () => {
      const missing = operations(doc)
        .filter(({ op }) => !op.summary?.trim())
        .map(({ key }) => key);
      expect(missing).toEqual([]);
    });

    it('gives every success answer a content type, and every JSON one a schema', () => {
      const problems: string[] = [];
      for (const { key, op } of operations(doc)) {
        for (const [status, res] of Object.entries(op.responses).filter(([s]) => /^2/.test(s))) {
          if (status === '204') continue;
          const content = res.content ?? {};
          if (!Object.keys(content).length) problems.push(`${key} ${status}: a description but no content`);
          for (const [type, media] of Object.entries(content)) {
            if (!media.schema) problems.push(`${key} ${status} ${type}: no schema`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('types every part of every JSON success answer (nothing a client would read as unknown)', () => {
      const problems: string[] = [];
      for (const { key, op } of operations(doc)) {
        for (const [status, res] of Object.entries(op.responses).filter(([s]) => /^2/.test(s))) {
          const schema = res.content?.['application/json']?.schema;
          if (!schema) continue;
          walkSchemas(doc, schema, `${key} ${status}`, (node: Schema, at: string) => {
            if (!saysWhatItIs(node)) problems.push(`${at}: says nothing about its type`);
            if (node.type === 'object' && !node.properties && node.additionalProperties === undefined) {
              problems.push(`${at}: an object without properties`);
            }
            if (node.type === 'array' && !node.items) problems.push(`${at}: an array without items`);
          });
        }
      }
      expect(problems).toEqual([]);
    });
  });

  describe('the validator', () => {
    // A test that cannot fail proves nothing: the strict validator must refuse a body that
    // differs from the schema in any of the ways a lying schema would.
    let good: Record<string, unknown>;
    beforeAll(async () => {
      good = (await t.as.admin.get('/api/me').expect(200)).body;
    });
    const errors = (body: unknown) => v.errors('get', '/api/me', 200, body);

    it('accepts the real body', () => expect(errors(good)).toEqual([]));
    it('refuses an undocumented property', () => expect(errors({ ...good, isAdmin: true })).not.toEqual([]));
    it('refuses a missing required property', () => {
      const { email: _email, ...rest } = good;
      expect(errors(rest)).not.toEqual([]);
    });
    it('refuses null where the schema does not allow it', () => {
      expect(errors({ ...good, fullName: null })).not.toEqual([]);
    });
    it('refuses a wrong type, enum value or format', () => {
      expect(errors({ ...good, active: 'yes' })).not.toEqual([]);
      expect(errors({ ...good, role: 'superuser' })).not.toEqual([]);
      expect(errors({ ...good, id: 'not-a-uuid' })).not.toEqual([]);
      expect(errors({ ...good, createdAt: '2026-02-30' })).not.toEqual([]);
    });
    it('accepts null where the schema allows it, and nowhere else', () => {
      const entry = { id: 1, at: new Date().toISOString(), actorId: null, action: 'x', entityType: null };
      const page = (e: object) => ({
        items: [
          {
            entityId: null,
            requestId: null,
            clientAddress: null,
            details: {},
            prevHash: 'a',
            hash: 'b',
            ...e,
          },
        ],
        total: 1,
        page: 1,
        limit: 50,
      });
      expect(v.errors('get', '/api/audit', 200, page(entry))).toEqual([]);
      expect(v.errors('get', '/api/audit', 200, page({ ...entry, action: null }))).not.toEqual([]);
    });
  });

  describe('real answers match their schemas', () => {
    it('login, me and the users list', async () => {
      const login = await request(t.url)
        .post('/api/auth/login')
        .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
        .expect(200);
      v.expectDocumented('post', '/api/auth/login', login);
      v.expectDocumented('get', '/api/me', await t.as.caseworker.get('/api/me').expect(200));
      v.expectDocumented('get', '/api/users', await t.as.admin.get('/api/users').expect(200));
      v.expectDocumented(
        'get',
        '/api/users/directory',
        await t.as.caseworker.get('/api/users/directory').expect(200),
      );
      const created = await t.as.admin
        .post('/api/users')
        .send({
          email: 'schema-user@caseline.test',
          fullName: 'Schema User',
          role: 'researcher',
          password: 'a-long-test-password',
        })
        .expect(201);
      v.expectDocumented('post', '/api/users', created);
      v.expectDocumented(
        'patch',
        '/api/users/{id}',
        await t.as.admin.patch(`/api/users/${created.body.id}`).send({ active: false }).expect(200),
      );
    });

    it('browser sessions and accounts: one-time password, sign-in, the session, a password change', async () => {
      const user = await t.as.admin
        .post('/api/users')
        .send({
          email: 'schema-session@caseline.test',
          fullName: 'Schema Session',
          role: 'caseworker',
          password: 'a-long-test-password',
        })
        .expect(201);
      const reset = await t.as.admin.post(`/api/users/${user.body.id}/password-reset`).expect(200);
      v.expectDocumented('post', '/api/users/{id}/password-reset', reset);
      const signIn = await request(t.url)
        .post('/api/auth/session')
        .send({ email: 'schema-session@caseline.test', password: reset.body.oneTimePassword })
        .expect(200);
      v.expectDocumented('post', '/api/auth/session', signIn);
      const cookie = ([] as string[]).concat(signIn.headers['set-cookie'] ?? [])[0].split(';')[0];
      const session = await request(t.url).get('/api/auth/session').set('Cookie', cookie).expect(200);
      v.expectDocumented('get', '/api/auth/session', session);
      const changed = await request(t.url)
        .post('/api/me/password')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .set('X-CSRF-Token', session.body.csrfToken)
        .send({ currentPassword: reset.body.oneTimePassword, newPassword: 'a-new-long-password-for-schema' })
        .expect(200);
      v.expectDocumented('post', '/api/me/password', changed);
    });

    it('a case from intake to appeal: cases, members, transitions, appeals, timeline', async () => {
      const cw = t.as.caseworker;
      const intake = await cw.post('/api/cases').send(intakePayload()).expect(201);
      v.expectDocumented('post', '/api/cases', intake);
      const caseId = intake.body.id as string;

      // A second intake of the same member: possible duplicates of both kinds are listed.
      const again = await cw
        .post('/api/cases')
        .send(intakePayload({}, { membershipNumber: intake.body.member.membershipNumber }))
        .expect(201);
      v.expectDocumented('post', '/api/cases', again);
      const similar = await cw
        .post('/api/cases')
        .send(
          intakePayload(
            {},
            {
              fullName: intake.body.member.fullName,
              constituencyParty: intake.body.member.constituencyParty,
            },
          ),
        )
        .expect(201);
      const kinds = (res: { body: { possibleDuplicates: { kind: string }[] } }) =>
        res.body.possibleDuplicates.map((d) => d.kind);
      expect(kinds(again)).toContain('open_case');
      expect(kinds(similar)).toContain('member');
      v.expectDocumented('post', '/api/cases', similar);

      v.expectDocumented('get', '/api/cases/{id}', await cw.get(`/api/cases/${caseId}`).expect(200));
      v.expectDocumented('get', '/api/cases', await cw.get('/api/cases?limit=5').expect(200));
      const patched = await cw
        .patch(`/api/cases/${caseId}`)
        .send({ version: intake.body.version, summary: 'Edited' })
        .expect(200);
      v.expectDocumented('patch', '/api/cases/{id}', patched);

      const memberId = intake.body.memberId as string;
      v.expectDocumented('get', '/api/members', await cw.get('/api/members?q=Member').expect(200));
      const member = await cw.get(`/api/members/${memberId}`).expect(200);
      v.expectDocumented('get', '/api/members/{id}', member);
      const matches = await cw
        .get('/api/members/matches')
        .query({
          fullName: intake.body.member.fullName,
          constituencyParty: intake.body.member.constituencyParty,
        })
        .expect(200);
      expect(matches.body.items.length).toBeGreaterThan(0);
      v.expectDocumented('get', '/api/members/matches', matches);
      const twin = await cw.post('/api/cases').send(intakePayload()).expect(201);
      const merged = await cw
        .post(`/api/members/${twin.body.memberId}/merge`)
        .send({ intoId: memberId, reason: 'The same person, recorded twice' })
        .expect(200);
      expect(merged.body.aliases.length).toBeGreaterThan(0);
      v.expectDocumented('post', '/api/members/{id}/merge', merged);
      v.expectDocumented(
        'patch',
        '/api/members/{id}',
        await cw
          .patch(`/api/members/${memberId}`)
          .send({ version: member.body.version, region: 'Wales' })
          .expect(200),
      );

      const moved = await cw
        .post(`/api/cases/${caseId}/transitions`)
        .send({ to: 'gathering_evidence' })
        .expect(201);
      v.expectDocumented('post', '/api/cases/{id}/transitions', moved);

      const appeal = await cw
        .post(`/api/cases/${caseId}/appeals`)
        .send({ lodgedAt: '2019-03-10', body: 'National Constitutional Committee' })
        .expect(201);
      v.expectDocumented('post', '/api/cases/{id}/appeals', appeal);
      const hearing = await cw
        .patch(`/api/appeals/${appeal.body.id}`)
        .send({ version: appeal.body.version, hearingAt: '2019-04-01T10:00:00.000Z', grounds: 'Procedure' })
        .expect(200);
      v.expectDocumented('patch', '/api/appeals/{id}', hearing);
      v.expectDocumented(
        'get',
        '/api/cases/{id}/appeals',
        await cw.get(`/api/cases/${caseId}/appeals`).expect(200),
      );

      await cw.post(`/api/cases/${caseId}/transitions`).send({ to: 'appeal_lodged' }).expect(201);
      await cw.post(`/api/cases/${caseId}/transitions`).send({ to: 'awaiting_decision' }).expect(201);
      const decided = await cw
        .post(`/api/cases/${caseId}/transitions`)
        .send({ to: 'reinstated', occurredAt: '2019-05-01', note: 'Reinstated by the NCC' })
        .expect(201);
      v.expectDocumented('post', '/api/cases/{id}/transitions', decided);
      v.expectDocumented(
        'get',
        '/api/cases/{id}/transitions',
        await cw.get(`/api/cases/${caseId}/transitions`).expect(200),
      );
      v.expectDocumented(
        'get',
        '/api/cases/{id}/appeals',
        await cw.get(`/api/cases/${caseId}/appeals`).expect(200),
      );

      const event = await cw
        .post(`/api/cases/${caseId}/events`)
        .send({ type: 'meeting', occurredAt: '2019-04', precision: 'month', title: 'Branch meeting' })
        .expect(201);
      v.expectDocumented('post', '/api/cases/{id}/events', event);
      const correction = await cw
        .post(`/api/events/${event.body.id}/corrections`)
        .send({ title: 'Branch meeting (corrected)', source: 'Minutes', reason: 'Title was wrong' })
        .expect(201);
      v.expectDocumented('post', '/api/events/{id}/corrections', correction);
      const timeline = await cw.get(`/api/cases/${caseId}/timeline`).expect(200);
      expect(timeline.body.some((e: { supersededBy: string | null }) => e.supersededBy !== null)).toBe(true);
      v.expectDocumented('get', '/api/cases/{id}/timeline', timeline);
    });

    it('evidence: upload, metadata, list, custody, verify and the tombstone', async () => {
      const cw = t.as.caseworker;
      const { body: c } = await cw.post('/api/cases').send(intakePayload()).expect(201);
      const uploaded = await cw
        .post(`/api/cases/${c.id}/evidence`)
        .field('description', 'Suspension letter')
        .attach('file', fixtures.pdf('schema'), { filename: 'letter.pdf', contentType: 'application/pdf' })
        .expect(201);
      v.expectDocumented('post', '/api/cases/{id}/evidence', uploaded);
      const id = uploaded.body.id as string;
      v.expectDocumented('get', '/api/evidence/{id}', await cw.get(`/api/evidence/${id}`).expect(200));
      v.expectDocumented(
        'get',
        '/api/cases/{id}/evidence',
        await cw.get(`/api/cases/${c.id}/evidence`).expect(200),
      );
      v.expectDocumented(
        'post',
        '/api/evidence/{id}/verify',
        await cw.post(`/api/evidence/${id}/verify`).expect(200),
      );
      const content = await cw.get(`/api/evidence/${id}/content`).expect(200);
      expect(content.headers['content-type']).toMatch(/^application\/pdf/);
      v.expectDocumented(
        'get',
        '/api/evidence/{id}/custody',
        await cw.get(`/api/evidence/${id}/custody`).expect(200),
      );
      const deleted = await t.as.admin
        .delete(`/api/evidence/${id}`)
        .send({ reason: 'Uploaded to the wrong case' });
      expect(deleted.status).toBe(200);
      v.expectDocumented('delete', '/api/evidence/{id}', deleted);
      v.expectDocumented('get', '/api/evidence/{id}', await cw.get(`/api/evidence/${id}`).expect(200));
    });

    it('reminders and the notifications they leave', async () => {
      const cw = t.as.caseworker;
      const { body: c } = await cw.post('/api/cases').send(intakePayload()).expect(201);
      const soon = await cw
        .post(`/api/cases/${c.id}/reminders`)
        .send(reminderBody(1000, { recipientIds: [t.users.caseworker.id] }))
        .expect(201);
      v.expectDocumented('post', '/api/cases/{id}/reminders', soon);
      const later = await cw.post(`/api/cases/${c.id}/reminders`).send(reminderBody(3_600_000)).expect(201);
      v.expectDocumented(
        'patch',
        '/api/reminders/{id}',
        await cw.patch(`/api/reminders/${later.body.id}`).send({ message: 'Chase the NCC' }).expect(200),
      );
      v.expectDocumented(
        'delete',
        '/api/reminders/{id}',
        await cw.delete(`/api/reminders/${later.body.id}`).expect(200),
      );

      await waitFor(
        async () => (await cw.get(`/api/reminders/${soon.body.id}`)).body.status === 'sent',
        'the reminder to be sent',
      );
      v.expectDocumented(
        'get',
        '/api/reminders/{id}',
        await cw.get(`/api/reminders/${soon.body.id}`).expect(200),
      );
      v.expectDocumented(
        'get',
        '/api/cases/{id}/reminders/{reminderId}',
        await cw.get(`/api/cases/${c.id}/reminders/${soon.body.id}`).expect(200),
      );
      v.expectDocumented(
        'get',
        '/api/cases/{id}/reminders',
        await cw.get(`/api/cases/${c.id}/reminders`).expect(200),
      );
      v.expectDocumented('get', '/api/reminders', await cw.get('/api/reminders?limit=10').expect(200));

      const notes = await cw.get('/api/notifications').expect(200);
      expect(notes.body.items.length).toBeGreaterThan(0);
      v.expectDocumented('get', '/api/notifications', notes);
      const read = await cw.post(`/api/notifications/${notes.body.items[0].id}/read`).expect(200);
      v.expectDocumented('post', '/api/notifications/{id}/read', read);
      v.expectDocumented('get', '/api/admin/queues', await t.as.admin.get('/api/admin/queues').expect(200));
      v.expectDocumented(
        'post',
        '/api/admin/queues/{name}/failed/retry',
        await t.as.admin.post('/api/admin/queues/exports/failed/retry').expect(200),
      );
    });

    it('statistics, the audit trail and its check', async () => {
      await t.as.caseworker.post('/api/cases').send(intakePayload()).expect(201);
      for (const groupBy of ['month', 'region', 'actionType', 'issuingBody']) {
        const stats = await t.as.coordinator.get(`/api/stats/summary?groupBy=${groupBy}`).expect(200);
        expect(stats.body.items.length).toBeGreaterThan(0);
        v.expectDocumented('get', '/api/stats/summary', stats);
      }
      // A researcher's answer with withheld numbers (null counts, suppressed, withheld reasons).
      await t.as.caseworker
        .post('/api/cases')
        .send(intakePayload({}, { consentToResearch: true, region: 'Documented Isle' }))
        .expect(201);
      const withheld = await t.as.researcher.get('/api/stats/summary?groupBy=region').expect(200);
      expect(withheld.body.minCell).toEqual(expect.any(Number));
      expect(withheld.body.items).toContainEqual(
        expect.objectContaining({ key: 'Documented Isle', cases: null, suppressed: true }),
      );
      v.expectDocumented('get', '/api/stats/summary', withheld);
      v.expectDocumented('get', '/api/audit', await t.as.admin.get('/api/audit?limit=200').expect(200));
      v.expectDocumented('get', '/api/audit/verify', await t.as.admin.get('/api/audit/verify').expect(200));
    });

    it('exports: streamed JSON documents, a background job, its manifest and file', async () => {
      const co = t.as.coordinator;
      await t.as.caseworker.post('/api/cases').send(intakePayload()).expect(201);
      for (const format of ['json', 'timelinejs']) {
        const streamed = await co.get(`/api/exports/timeline?format=${format}&status=intake`).expect(200);
        v.expectDocumented('get', '/api/exports/timeline', streamed);
      }

      const queued = await co
        .post('/api/exports')
        .send({ format: 'json', filters: { status: ['intake'] } })
        .expect(202);
      v.expectDocumented('post', '/api/exports', queued);
      const done = await waitFor(async () => {
        const res = await co.get(`/api/exports/${queued.body.id}`).expect(200);
        return res.body.status === 'done' ? res : null;
      }, 'the export to finish');
      v.expectDocumented('get', '/api/exports/{id}', done);
      v.expectDocumented('get', '/api/exports', await co.get('/api/exports').expect(200));
      const file = await co.get(`/api/exports/${queued.body.id}/download`).expect(200);
      v.expectDocumented('get', '/api/exports/{id}/download', file);
      const csv = await co.post('/api/exports').send({ format: 'csv' }).expect(202);
      await waitFor(async () => {
        const res = await co.get(`/api/exports/${csv.body.id}`).expect(200);
        return res.body.status === 'done' ? res : null;
      }, 'the CSV export to finish');
      // The CSV's proofs file is NDJSON, as documented; its lines are checked in test/verifiable-export.e2e-spec.ts.
      const proofs = await co.get(`/api/exports/${csv.body.id}/proofs`).expect(200);
      expect(proofs.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(Object.keys(doc.paths['/api/exports/{id}/proofs'].get.responses['200'].content ?? {})).toEqual([
        'application/x-ndjson',
      ]);
    });

    it('the verifiable log: checkpoints, proofs and a leaf', async () => {
      await t.as.caseworker.post('/api/cases').send(intakePayload()).expect(201);
      const signed = await t.as.admin.post('/api/log/checkpoints').expect(201);
      v.expectDocumented('post', '/api/log/checkpoints', signed);
      v.expectDocumented(
        'get',
        '/api/log/checkpoints',
        await t.as.researcher.get('/api/log/checkpoints').expect(200),
      );
      // The checkpoint and the key are text/plain (the C2SP note forms), checked in test/log.e2e-spec.ts.
      const size = signed.body.size as number;
      v.expectDocumented(
        'get',
        '/api/log/proofs/inclusion',
        await t.as.researcher.get(`/api/log/proofs/inclusion?index=1&size=${size}`).expect(200),
      );
      v.expectDocumented(
        'get',
        '/api/log/proofs/consistency',
        await t.as.researcher.get(`/api/log/proofs/consistency?from=2&to=${size}`).expect(200),
      );
      v.expectDocumented(
        'get',
        '/api/log/leaves/{index}',
        await t.as.admin.get('/api/log/leaves/0').expect(200),
      );
    });

    it('health and the calendar token', async () => {
      v.expectDocumented('get', '/health/live', await request(t.url).get('/health/live').expect(200));
      v.expectDocumented('get', '/health/ready', await request(t.url).get('/health/ready').expect(200));
      v.expectDocumented(
        'post',
        '/api/me/calendar-token',
        await t.as.caseworker.post('/api/me/calendar-token').expect(201),
      );
    });

    // Last: a route added without a real answer checked above fails here.
    it('has checked a real answer of every JSON route the document describes', () => {
      expect(v.documentedJsonAnswers().filter((key) => !v.checked.has(key))).toEqual([]);
    });
  });
});
