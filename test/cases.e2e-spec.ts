import { randomUUID } from 'node:crypto';
import { auditActions, caseCount, intake, intakePayload, memberPayload } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';

const REFERENCE = /^CL-\d{4}-\d{4,}$/;
const THIS_YEAR = new Date().getUTCFullYear();

describe('cases: intake, reading, search and edits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('intake', () => {
    it('creates the member, the case, its two events and the audit entry', async () => {
      const res = await t.as.caseworker
        .post('/api/cases')
        .send(
          intakePayload(
            { assigneeId: t.users.caseworker.id, coordinatorId: t.users.coordinator.id },
            { fullName: '  Ann   Example ', membershipNumber: ' ab-100 ', email: 'Ann.Example@Example.ORG' },
          ),
        )
        .expect(201);
      const c = res.body;
      expect(c.reference).toMatch(REFERENCE);
      expect(c.reference.startsWith(`CL-${THIS_YEAR}-`)).toBe(true);
      expect(c).toMatchObject({
        status: 'intake',
        version: 1,
        actionType: 'suspension',
        actionDate: '2019-03-01',
        notifiedAt: '2019-03-04',
        appealDeadline: '2019-04-01',
        priority: 'normal',
        assigneeId: t.users.caseworker.id,
        coordinatorId: t.users.coordinator.id,
        allowedTransitions: ['gathering_evidence', 'appeal_lodged', 'closed'],
        possibleDuplicates: [],
      });
      expect(c.member).toMatchObject({
        fullName: 'Ann Example',
        membershipNumber: 'AB-100',
        email: 'ann.example@example.org',
      });
      expect(c.member.normalisedName).toBeUndefined();
      const events = await t.db.query<{ type: string; precision: string }>(
        'SELECT type, precision FROM timeline_events WHERE case_id = ? ORDER BY occurred_at',
        [c.id],
      );
      expect(events).toEqual([
        { type: 'action_taken', precision: 'day' },
        { type: 'notified', precision: 'day' },
      ]);
      expect(await auditActions(t, c.id)).toEqual(['case.create']);
      expect(await auditActions(t, c.member.id)).toEqual(['member.create']);
    });

    it('honours APPEAL_WINDOW_DAYS for the deadline', async () => {
      // default window (28 days); the arithmetic itself is unit-tested with other windows
      const c = await intake(t.as.caseworker, { notifiedAt: '2020-02-01' });
      expect(c.appealDeadline).toBe('2020-02-29');
    });

    it('links to the existing member by membership number without overwriting them', async () => {
      const first = await intake(
        t.as.caseworker,
        {},
        { membershipNumber: 'LINK-1', fullName: 'Bob Original' },
      );
      const second = await intake(
        t.as.caseworker,
        { actionType: 'expulsion' },
        { membershipNumber: ' link-1 ', fullName: 'Robert Changed', email: 'other@example.org' },
      );
      expect(second.memberId).toBe(first.memberId);
      expect(second.member.fullName).toBe('Bob Original');
      expect(second.possibleDuplicates).toEqual([
        {
          kind: 'open_case',
          caseId: first.id,
          reference: first.reference,
          status: 'intake',
          reasons: ['same_member'],
        },
      ]);
      const members = await t.db.query('SELECT id FROM members WHERE membership_number = ?', ['LINK-1']);
      expect(members).toHaveLength(1);
    });

    it('takes an existing member by memberId', async () => {
      const first = await intake(t.as.caseworker);
      const body = intakePayload({ memberId: first.memberId });
      delete (body as { member?: unknown }).member;
      const res = await t.as.admin.post('/api/cases').send(body).expect(201);
      expect(res.body.member.id).toBe(first.memberId);
    });

    it('hints at possible duplicates: same name (and party), same email, same phone', async () => {
      const original = await intake(
        t.as.caseworker,
        {},
        {
          fullName: 'Zoë Dupont',
          constituencyParty: 'Eastville CLP',
          email: 'zoe@example.org',
          phone: '+44 7700 900001',
          membershipNumber: undefined,
        },
      );
      const byName = await intake(
        t.as.caseworker,
        {},
        { fullName: 'zoe  DUPONT', constituencyParty: 'eastville clp', membershipNumber: undefined },
      );
      expect(byName.memberId).not.toBe(original.memberId);
      expect(byName.possibleDuplicates).toEqual([
        expect.objectContaining({
          kind: 'member',
          memberId: original.memberId,
          reasons: ['same_name', 'same_constituency'],
          score: 75,
        }),
      ]);
      const byEmail = await intake(
        t.as.caseworker,
        {},
        { email: 'ZOE@example.org', membershipNumber: undefined },
      );
      expect(byEmail.possibleDuplicates).toEqual([
        expect.objectContaining({ memberId: original.memberId, reasons: ['same_email'] }),
      ]);
      const byPhone = await intake(
        t.as.caseworker,
        {},
        { phone: '+447700900001', membershipNumber: undefined },
      );
      expect(byPhone.possibleDuplicates).toEqual([
        expect.objectContaining({ memberId: original.memberId, reasons: ['same_phone'] }),
      ]);
      const otherParty = await intake(
        t.as.caseworker,
        {},
        { fullName: 'Zoe Dupont', constituencyParty: 'Westville CLP', membershipNumber: undefined },
      );
      // Another party does not rule a person out (people move), it only does not support the name.
      expect(otherParty.possibleDuplicates).toEqual([
        expect.objectContaining({ memberId: original.memberId, reasons: ['same_name'], score: 60 }),
        expect.objectContaining({ memberId: byName.memberId, reasons: ['same_name'], score: 60 }),
      ]);
    });

    it('hints at duplicates of a new membership number too, and links a known one even among them', async () => {
      const member = { fullName: 'Ada Quill', constituencyParty: 'Northby CLP', phone: undefined };
      const original = await intake(
        t.as.caseworker,
        {},
        { ...member, email: 'ada@example.org', membershipNumber: 'DUP-1' },
      );
      const second = await intake(
        t.as.caseworker,
        {},
        { ...member, email: undefined, membershipNumber: 'DUP-2' },
      );
      expect(second.memberId).not.toBe(original.memberId);
      const sameNameAsOriginal = expect.objectContaining({
        kind: 'member',
        memberId: original.memberId,
        reasons: ['same_name', 'same_constituency'],
      });
      expect(second.possibleDuplicates).toEqual([sameNameAsOriginal]);
      // Same name, party and email as the first member, but the membership number of the second:
      // the number decides, and the hints are those of the stored member it links to.
      const linked = await intake(
        t.as.caseworker,
        {},
        { ...member, email: 'ada@example.org', membershipNumber: ' dup-2 ' },
      );
      expect(linked.memberId).toBe(second.memberId);
      expect(linked.member.email).toBeNull();
      expect(linked.possibleDuplicates).toEqual([
        sameNameAsOriginal,
        expect.objectContaining({ kind: 'open_case', caseId: second.id, reasons: ['same_member'] }),
      ]);
    });

    it('makes one member of concurrent intakes with the same new membership number, and links the rest', async () => {
      // Some share a batch (linked in it), others race in separate transactions on PostgreSQL
      // (the loser's batch fails on the unique index and its intakes run again alone, then link).
      const number = `RACE-${randomUUID().slice(0, 8)}`;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          t.as.caseworker
            .post('/api/cases')
            .send(intakePayload({}, { membershipNumber: number, fullName: `Racer ${i}` })),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
      const members = await t.db.query<{ id: string }>('SELECT id FROM members WHERE membership_number = ?', [
        number.toUpperCase(),
      ]);
      expect(members).toHaveLength(1);
      expect(new Set(results.map((r) => r.body.memberId))).toEqual(new Set([members[0].id]));
      // Each sees every case of the member opened before its own as an open case.
      const openCaseHints = results
        .map(
          (r) =>
            (r.body.possibleDuplicates as { kind: string }[]).filter((d) => d.kind === 'open_case').length,
        )
        .sort((a, b) => a - b);
      expect(openCaseHints).toEqual(Array.from({ length: 12 }, (_, i) => i));
    });

    it('gives 20 concurrent intakes 20 distinct sequential references', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => t.as.caseworker.post('/api/cases').send(intakePayload())),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      const refs = results.map((r) => r.body.reference as string);
      expect(new Set(refs).size).toBe(20);
      const numbers = refs.map((r) => Number(r.split('-')[2])).sort((a, b) => a - b);
      for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBe(numbers[i - 1] + 1);
      const [counter] = await t.db.query<{ last_number: number }>(
        'SELECT last_number FROM case_reference_counters WHERE year = ?',
        [THIS_YEAR],
      );
      expect(Number(counter.last_number)).toBe(numbers[numbers.length - 1]);
    });

    it('keeps every good intake of a concurrent burst whose neighbours fail, and the audit chain whole', async () => {
      const before = await caseCount(t);
      // Every third names a coordinator as assignee: refused inside its transaction, among the others.
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          t.as.caseworker
            .post('/api/cases')
            .send(intakePayload(i % 3 === 2 ? { assigneeId: t.users.coordinator.id } : {})),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses).toEqual(Array.from({ length: 24 }, (_, i) => (i % 3 === 2 ? 400 : 201)));
      expect(await caseCount(t)).toBe(before + 16);
      for (const r of results.filter((x) => x.status === 201)) {
        const [row] = await t.db.query<{ reference: string }>('SELECT reference FROM cases WHERE id = ?', [
          r.body.id,
        ]);
        expect(row.reference).toBe(r.body.reference);
        expect(await auditActions(t, r.body.id)).toEqual(['case.create']);
      }
      const verified = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(verified.body.ok).toBe(true);
    });

    const huge = 'x'.repeat(20_001);
    const bad: [string, Record<string, unknown>, string][] = [
      ['missing member', { member: undefined }, 'member'],
      ['member and memberId both', { memberId: randomUUID() }, 'memberId'],
      ['unknown memberId', { member: undefined, memberId: randomUUID() }, 'memberId'],
      ['malformed memberId', { member: undefined, memberId: 'not-a-uuid' }, 'memberId'],
      ['member without a name', { member: { email: 'a@example.org' } }, 'member.fullName'],
      ['member with a bad email', { member: memberPayload({ email: 'nope' }) }, 'member.email'],
      ['member with a blank name', { member: memberPayload({ fullName: '   ' }) }, 'member.fullName'],
      [
        'member with a 201-char name',
        { member: memberPayload({ fullName: 'n'.repeat(201) }) },
        'member.fullName',
      ],
      [
        'member consent as a string',
        { member: { ...memberPayload(), consentToContact: 'yes' } },
        'member.consentToContact',
      ],
      ['wrong actionType', { actionType: 'banned' }, 'actionType'],
      ['actionType in capitals', { actionType: 'SUSPENSION' }, 'actionType'],
      ['missing actionType', { actionType: undefined }, 'actionType'],
      ['wrong priority', { priority: 'critical' }, 'priority'],
      ['impossible actionDate', { actionDate: '2019-02-30' }, 'actionDate'],
      ['actionDate not a date', { actionDate: '01/03/2019' }, 'actionDate'],
      ['future notifiedAt', { notifiedAt: `${THIS_YEAR + 1}-01-01` }, 'notifiedAt'],
      ['missing notifiedAt', { notifiedAt: undefined }, 'notifiedAt'],
      ['unknown field', { status: 'reinstated' }, 'status'],
      ['unknown member field', { member: { ...memberPayload(), hacker: true } }, 'hacker'],
      ['allegations as a string', { allegations: 'many' }, 'allegations'],
      ['allegations with a number', { allegations: [42] }, 'allegations'],
      ['tags as an object', { tags: { a: 1 } }, 'tags'],
      ['summary over 20,000 characters', { summary: huge }, 'summary'],
      ['issuingBody over 200 characters', { issuingBody: 'b'.repeat(201) }, 'issuingBody'],
      ['assignee who is not a caseworker', { assigneeId: 'COORDINATOR' }, 'assigneeId'],
      ['coordinator who is not a coordinator', { coordinatorId: 'CASEWORKER' }, 'coordinatorId'],
      ['assigneeId of nobody', { assigneeId: randomUUID() }, 'assigneeId'],
    ];
    it.each(bad)(
      'refuses %s with 400 naming the field, and stores nothing',
      async (_name, overrides, field) => {
        const before = await caseCount(t);
        const body: Record<string, unknown> = { ...intakePayload(), ...overrides };
        if (body.assigneeId === 'COORDINATOR') body.assigneeId = t.users.coordinator.id;
        if (body.coordinatorId === 'CASEWORKER') body.coordinatorId = t.users.caseworker.id;
        for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
        const res = await t.as.caseworker.post('/api/cases').send(body);
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body.message)).toContain(field);
        expect(await caseCount(t)).toBe(before);
      },
    );

    it('refuses a body that is not JSON with 400', async () => {
      const res = await t.as.caseworker
        .post('/api/cases')
        .set('Content-Type', 'application/json')
        .send('{"member": ');
      expect(res.status).toBe(400);
    });

    it('lets coordinators log a case too (they may do what caseworkers may)', async () => {
      const before = await caseCount(t);
      await t.as.coordinator.post('/api/cases').send(intakePayload()).expect(201);
      expect(await caseCount(t)).toBe(before + 1);
    });
  });

  describe('reading', () => {
    it('returns a case to a coordinator, audited as case.read with the id only', async () => {
      const c = await intake(t.as.caseworker);
      const res = await t.as.coordinator.get(`/api/cases/${c.id}`).expect(200);
      expect(res.body).toMatchObject({
        id: c.id,
        reference: c.reference,
        version: 1,
        appealDeadline: '2019-04-01',
      });
      expect(res.body.member.fullName).toBe(c.member.fullName);
      expect(res.body.allowedTransitions).toEqual(['gathering_evidence', 'appeal_lodged', 'closed']);
      const rows = await t.db.query<{ action: string; details: string; actor_id: string }>(
        "SELECT action, details, actor_id FROM audit_entries WHERE entity_id = ? AND action = 'case.read'",
        [c.id],
      );
      expect(rows).toEqual([{ action: 'case.read', details: '{}', actor_id: t.users.coordinator.id }]);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.as.caseworker.get(`/api/cases/${randomUUID()}`).expect(404);
      await t.as.caseworker.get('/api/cases/not-a-uuid').expect(400);
      await t.as.caseworker.get("/api/cases/1' OR '1'='1").expect(400);
    });
  });

  describe('search', () => {
    let ids: Record<string, string>;
    const tag = `S${Date.now()}`;
    beforeAll(async () => {
      const mk = async (name: string, o: Record<string, unknown>, m: Record<string, unknown>) =>
        (await intake(t.as.caseworker, o, { membershipNumber: `${tag}-${name}`, ...m })).id as string;
      ids = {
        a: await mk(
          'A',
          { actionType: 'expulsion', notifiedAt: '2016-01-10', summary: `${tag} 100% sure_thing` },
          {
            fullName: `Alice ${tag}`,
            region: 'Scotland',
            constituencyParty: 'Glasgow Kelvin CLP',
          },
        ),
        b: await mk(
          'B',
          {
            actionType: 'auto_exclusion',
            notifiedAt: '2017-05-01',
            assigneeId: t.users.caseworker.id,
            summary: tag,
          },
          {
            fullName: `Björn O'Neill ${tag}`,
            region: 'Wales',
            constituencyParty: 'Cardiff CLP',
          },
        ),
        c: await mk(
          'C',
          { actionType: 'suspension', notifiedAt: '2018-09-09', summary: tag },
          {
            fullName: `Carol ${tag}`,
            region: 'Scotland',
            constituencyParty: 'Cardiff CLP',
          },
        ),
      };
      await t.as.coordinator
        .post(`/api/cases/${ids.c}/transitions`)
        .send({ to: 'gathering_evidence' })
        .expect(201);
    });

    const list = async (qs: string) => {
      const res = await t.as.coordinator.get(`/api/cases?${qs}`).expect(200);
      return res.body as { items: { id: string }[]; total: number; page: number; limit: number };
    };
    const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort();
    const mine = (body: { items: { id: string }[] }) =>
      idsOf(body).filter((id) => Object.values(ids).includes(id));

    it('answers {items,total,page,limit} with defaults', async () => {
      const body = await list(`q=${tag}`);
      expect(body).toMatchObject({ total: 3, page: 1, limit: 50 });
      expect(body.items[0].id).toBeDefined();
    });
    it('filters by status', async () => {
      expect(mine(await list(`q=${tag}&status=gathering_evidence`))).toEqual([ids.c]);
      expect(mine(await list(`q=${tag}&status=intake,gathering_evidence`))).toHaveLength(3);
    });
    it('filters by actionType', async () => {
      expect(mine(await list(`q=${tag}&actionType=expulsion`))).toEqual([ids.a]);
    });
    it('filters by region, case-insensitively', async () => {
      expect(mine(await list(`q=${tag}&region=scotland`))).toEqual([ids.a, ids.c].sort());
    });
    it('filters by constituencyParty', async () => {
      expect(mine(await list(`q=${tag}&constituencyParty=${encodeURIComponent('Cardiff CLP')}`))).toEqual(
        [ids.b, ids.c].sort(),
      );
    });
    it('filters by assigneeId', async () => {
      expect(mine(await list(`q=${tag}&assigneeId=${t.users.caseworker.id}`))).toEqual([ids.b]);
    });
    it('filters by deadlineBefore', async () => {
      expect(mine(await list(`q=${tag}&deadlineBefore=2017-06-01`))).toEqual([ids.a, ids.b].sort());
    });
    it('matches q against reference, membership number, name (accents and case folded) and summary', async () => {
      const a = await t.as.coordinator.get(`/api/cases/${ids.a}`);
      expect(idsOf(await list(`q=${a.body.reference.toLowerCase()}`))).toEqual([ids.a]);
      expect(idsOf(await list(`q=${tag.toLowerCase()}-b`))).toEqual([ids.b]);
      expect(idsOf(await list(`q=${encodeURIComponent(`bjorn o'neill ${tag}`)}`))).toEqual([ids.b]);
      expect(idsOf(await list(`q=${encodeURIComponent('100% SURE_thing')}`))).toEqual([ids.a]);
    });
    it.each([
      ["'", ['b']],
      ['%', ['a']],
      ['_', ['a']],
      ['\\', []],
      ["'; DROP TABLE cases; --", []],
      ['" OR 1=1 --', []],
      ['%_%', []],
      ["' OR '1'='1", []],
    ])('treats q=%p as literal text, not SQL or wildcards', async (q, expected) => {
      const before = await caseCount(t);
      const res = await t.as.coordinator.get(`/api/cases?q=${encodeURIComponent(q)}`).expect(200);
      expect(mine(res.body)).toEqual(expected.map((k) => ids[k]).sort());
      if (!expected.length) expect(res.body.total).toBe(0);
      expect(await caseCount(t)).toBe(before);
    });
    it('refuses control characters in q with 400', async () => {
      const res = await t.as.coordinator.get(`/api/cases?q=${encodeURIComponent('a\u0000b')}`).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('q');
    });
    it('matches a literal % and _ only', async () => {
      expect(mine(await list(`q=${encodeURIComponent('%')}`))).toEqual([ids.a]);
      expect(mine(await list(`q=${encodeURIComponent('_thing')}`))).toEqual([ids.a]);
    });
    it('keeps finding cases after their summary, their member’s name or membership number change', async () => {
      const other = `R${Date.now()}`;
      const c = await intake(
        t.as.caseworker,
        { summary: `${other} first summary` },
        { fullName: `Ursula ${other}zed`, membershipNumber: `${other}-NUM` },
      );
      const found = async (q: string) => idsOf(await list(`q=${encodeURIComponent(q)}`));
      expect(await found(`ursula ${other}zed`)).toEqual([c.id]);
      expect(await found('first summary')).toContain(c.id);

      await t.as.caseworker
        .patch(`/api/cases/${c.id}`)
        .send({ version: 1, summary: `${other} rewritten account` })
        .expect(200);
      expect(await found(`${other} first`)).toEqual([]);
      expect(await found(`${other} rewritten`)).toEqual([c.id]);

      await t.as.caseworker
        .patch(`/api/members/${c.memberId}`)
        .send({ version: 1, fullName: `Ulrike ${other}yon`, membershipNumber: `${other}-NEW` })
        .expect(200);
      expect(await found(`ursula ${other}zed`)).toEqual([]);
      expect(await found(`ulrike ${other}yon`)).toEqual([c.id]);
      expect(await found(`${other}-NUM`)).toEqual([]);
      expect(await found(`${other.toLowerCase()}-new`)).toEqual([c.id]);
      // Status changes leave the text alone and the case findable.
      await t.as.coordinator
        .post(`/api/cases/${c.id}/transitions`)
        .send({ to: 'gathering_evidence' })
        .expect(201);
      expect(await found(`${other} rewritten`)).toEqual([c.id]);
    });
    it('matches three-character and shorter text alike', async () => {
      expect(mine(await list(`q=${encodeURIComponent('bjö')}`))).toEqual([ids.b]);
      expect(mine(await list(`q=${encodeURIComponent('bj')}`))).toEqual([ids.b]);
    });
    it('sorts by appealDeadline both ways, and pages', async () => {
      const asc = await list(`q=${tag}&sort=appealDeadline`);
      expect(asc.items.map((i) => i.id)).toEqual([ids.a, ids.b, ids.c]);
      const desc = await list(`q=${tag}&sort=-appealDeadline`);
      expect(desc.items.map((i) => i.id)).toEqual([ids.c, ids.b, ids.a]);
      const page2 = await list(`q=${tag}&sort=appealDeadline&limit=2&page=2`);
      expect(page2).toMatchObject({ total: 3, page: 2, limit: 2 });
      expect(page2.items.map((i) => i.id)).toEqual([ids.c]);
      // Past the last page: no items, still the count.
      expect(await list(`q=${tag}&limit=2&page=3`)).toMatchObject({ items: [], total: 3, page: 3 });
      for (const s of ['reference', '-reference', 'actionDate', '-updatedAt'])
        await list(`q=${tag}&sort=${s}`);
    });
    it.each([
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['page=0', 'page'],
      ['page=1e20', 'page'],
      ['status=open', 'status'],
      ['actionType=ban', 'actionType'],
      ['sort=member', 'sort'],
      ['deadlineBefore=2019-02-30', 'deadlineBefore'],
      ['assigneeId=nope', 'assigneeId'],
      ['colour=red', 'colour'],
    ])('answers 400 for %s naming the parameter', async (qs, field) => {
      const res = await t.as.coordinator.get(`/api/cases?${qs}`).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });
    it('allows limit=200', async () => {
      expect((await list('limit=200')).limit).toBe(200);
    });
  });

  describe('edits', () => {
    it('changes editable fields, bumps version, moves the deadline, and audits', async () => {
      const c = await intake(t.as.caseworker);
      const res = await t.as.coordinator
        .patch(`/api/cases/${c.id}`)
        .send({ version: 1, priority: 'urgent', notifiedAt: '2019-03-10', tags: ['a', 'b'] })
        .expect(200);
      expect(res.body).toMatchObject({
        version: 2,
        priority: 'urgent',
        notifiedAt: '2019-03-10',
        appealDeadline: '2019-04-07',
        tags: ['a', 'b'],
      });
      const rows = await t.db.query<{ details: string }>(
        "SELECT details FROM audit_entries WHERE entity_id = ? AND action = 'case.update'",
        [c.id],
      );
      expect(JSON.parse(rows[0].details).changed.sort()).toEqual(
        ['appealDeadline', 'notifiedAt', 'priority', 'tags'].sort(),
      );
      // The notified event is corrected (superseded), not rewritten.
      const events = await t.db.query<{
        id: string;
        occurred_at: string | Date;
        superseded_by: string | null;
        supersedes: string | null;
      }>(
        "SELECT id, occurred_at, superseded_by, supersedes FROM timeline_events WHERE case_id = ? AND type = 'notified' ORDER BY recorded_at",
        [c.id],
      );
      expect(events).toHaveLength(2);
      expect(events[0].superseded_by).toBe(events[1].id);
      expect(events[1].supersedes).toBe(events[0].id);
      const at = events[1].occurred_at;
      expect(typeof at === 'string' ? at.slice(0, 10) : at.toISOString().slice(0, 10)).toBe('2019-03-10');
    });

    it('answers 409 to a stale version and changes nothing', async () => {
      const c = await intake(t.as.caseworker, { summary: 'original' });
      await t.as.caseworker.patch(`/api/cases/${c.id}`).send({ version: 1, summary: 'first' }).expect(200);
      const res = await t.as.caseworker
        .patch(`/api/cases/${c.id}`)
        .send({ version: 1, summary: 'second' })
        .expect(409);
      expect(res.body.currentVersion).toBe(2);
      const [row] = await t.db.query<{ summary: string; version: number }>(
        'SELECT summary, version FROM cases WHERE id = ?',
        [c.id],
      );
      expect(row).toEqual({ summary: 'first', version: 2 });
    });

    it.each([
      [{ version: 1, status: 'reinstated' }, 'status'],
      [{ version: 1, reference: 'CL-1999-0001' }, 'reference'],
      [{ summary: 'no version' }, 'version'],
      [{ version: 1e20, summary: 'x' }, 'version'],
      [{ version: '1', summary: 'x' }, 'version'],
      [{ version: 1, assigneeId: 'COORDINATOR' }, 'assigneeId'],
      [{ version: 1, actionDate: '2999-01-01' }, 'actionDate'],
    ])('refuses %p with 400 naming %s', async (body, field) => {
      const c = await intake(t.as.caseworker);
      const payload = { ...body } as Record<string, unknown>;
      if (payload.assigneeId === 'COORDINATOR') payload.assigneeId = t.users.coordinator.id;
      const res = await t.as.caseworker.patch(`/api/cases/${c.id}`).send(payload).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      const [row] = await t.db.query<{ version: number; status: string }>(
        'SELECT version, status FROM cases WHERE id = ?',
        [c.id],
      );
      expect(row).toEqual({ version: 1, status: 'intake' });
    });

    it("lets coordinators assign; refuses a caseworker's assignment (403 naming the fields), changing nothing", async () => {
      const c = await intake(t.as.caseworker);
      for (const body of [
        { priority: 'low' },
        { tags: ['other'] },
        { assigneeId: t.users.caseworker.id },
        { coordinatorId: t.users.coordinator.id },
      ]) {
        const res = await t.as.caseworker
          .patch(`/api/cases/${c.id}`)
          .send({ version: 1, summary: 'changed', ...body })
          .expect(403);
        expect(res.body.message).toContain(Object.keys(body)[0]);
      }
      const [row] = await t.db.query<{ version: number; summary: string }>(
        'SELECT version, summary FROM cases WHERE id = ?',
        [c.id],
      );
      expect(row).toEqual({ version: 1, summary: c.summary });
      // Sending the unchanged values is no assignment: a caseworker's other edits pass.
      await t.as.caseworker
        .patch(`/api/cases/${c.id}`)
        .send({ version: 1, summary: 'changed', priority: c.priority, tags: c.tags })
        .expect(200);
      const assigned = await t.as.coordinator
        .patch(`/api/cases/${c.id}`)
        .send({ version: 2, priority: 'low', assigneeId: t.users.caseworker.id, summary: 'by coordinator' })
        .expect(200);
      expect(assigned.body).toMatchObject({ version: 3, priority: 'low', assigneeId: t.users.caseworker.id });
      await t.as.caseworker
        .patch(`/api/cases/${randomUUID()}`)
        .send({ version: 1, priority: 'low' })
        .expect(404);
    });
  });

  describe('members', () => {
    it('searches members, reads one with their cases, and audits both', async () => {
      const c = await intake(
        t.as.caseworker,
        {},
        { fullName: 'Dora Searchable', membershipNumber: 'DORA-1' },
      );
      const found = await t.as.coordinator.get('/api/members?q=searchable').expect(200);
      expect(found.body.items.map((m: { id: string }) => m.id)).toEqual([c.memberId]);
      const one = await t.as.coordinator.get(`/api/members/${c.memberId}`).expect(200);
      expect(one.body).toMatchObject({ fullName: 'Dora Searchable', membershipNumber: 'DORA-1' });
      expect(one.body.cases).toEqual([expect.objectContaining({ id: c.id, reference: c.reference })]);
      expect(await auditActions(t, c.memberId)).toEqual(['member.create', 'member.read']);
      await t.as.coordinator.get(`/api/members/${randomUUID()}`).expect(404);
    });

    it('edits a member under optimistic locking and keeps membership numbers unique', async () => {
      const c = await intake(t.as.caseworker, {}, { membershipNumber: 'EDIT-1' });
      await intake(t.as.caseworker, {}, { membershipNumber: 'EDIT-2' });
      const res = await t.as.caseworker
        .patch(`/api/members/${c.memberId}`)
        .send({ version: 1, email: 'New@Example.org', phone: null })
        .expect(200);
      expect(res.body).toMatchObject({ version: 2, email: 'new@example.org', phone: null });
      await t.as.caseworker.patch(`/api/members/${c.memberId}`).send({ version: 1, region: 'X' }).expect(409);
      await t.as.caseworker
        .patch(`/api/members/${c.memberId}`)
        .send({ version: 2, membershipNumber: 'edit-2' })
        .expect(409);
      const byCoordinator = await t.as.coordinator
        .patch(`/api/members/${c.memberId}`)
        .send({ version: 2, region: 'X' })
        .expect(200);
      expect(byCoordinator.body).toMatchObject({ version: 3, region: 'X' });
      expect(await auditActions(t, c.memberId)).toContain('member.update');
    });
  });
});
