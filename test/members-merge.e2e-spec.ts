import { auditActions, intake } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';

/** Issue 17: two records of one person merged into one. */
describe('members: merge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Margaret as two records: the kept one (one case) and a second one (two cases) under another name. */
  async function twoRecords() {
    const kept = await intake(
      t.as.caseworker,
      {},
      { fullName: "Margaret O'Brien", constituencyParty: 'Leeds Central CLP' },
    );
    const dupe = await intake(
      t.as.caseworker,
      {},
      {
        fullName: 'Peggy Walsh',
        email: 'peggy.walsh@example.org',
        phone: '0113 496 0101',
        membershipNumber: undefined,
      },
    );
    const dupeCase2 = await intake(t.as.caseworker, { memberId: dupe.memberId, member: undefined });
    return { kept, dupe, dupeCaseIds: [dupe.id, dupeCase2.id] };
  }

  it('moves every case, keeps the names and contacts as aliases, writes timeline and audit entries; the merged member answers 410', async () => {
    const { kept, dupe, dupeCaseIds } = await twoRecords();
    const res = await t.as.caseworker
      .post(`/api/members/${dupe.memberId}/merge`)
      .send({ intoId: kept.memberId, reason: 'Same person: same membership card' })
      .expect(200);
    expect(res.body.id).toBe(kept.memberId);
    expect(res.body.fullName).toBe("Margaret O'Brien");
    expect(res.body.cases.map((c: { id: string }) => c.id).sort()).toEqual([kept.id, ...dupeCaseIds].sort());
    expect(
      res.body.aliases.map((a: { kind: string; value: string; source: string }) => [
        a.kind,
        a.value,
        a.source,
      ]),
    ).toEqual([
      ['name', 'Peggy Walsh', 'merge'],
      ['email', 'peggy.walsh@example.org', 'merge'],
      ['phone', '01134960101', 'merge'],
    ]);

    for (const caseId of dupeCaseIds) {
      const c = await t.as.caseworker.get(`/api/cases/${caseId}`).expect(200);
      expect(c.body.memberId).toBe(kept.memberId);
      const timeline = await t.as.caseworker.get(`/api/cases/${caseId}/timeline`).expect(200);
      const events = (timeline.body.items ?? timeline.body) as {
        type: string;
        title: string;
        description: string;
      }[];
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'note',
          title: "Member's records merged",
          description: expect.stringContaining('Same person: same membership card'),
        }),
      );
    }
    expect(await auditActions(t, dupe.memberId)).toContain('member.merge');

    const gone = await t.as.caseworker.get(`/api/members/${dupe.memberId}`).expect(410);
    expect(gone.body).toEqual(
      expect.objectContaining({
        statusCode: 410,
        error: 'Gone',
        mergedInto: kept.memberId,
        message: expect.any(String),
      }),
    );
    await t.as.caseworker
      .patch(`/api/members/${dupe.memberId}`)
      .send({ version: 1, region: 'Wales' })
      .expect(410);

    // The merged member's name, email and phone find the kept member; the merged one is gone from lists.
    const byName = await t.as.caseworker
      .get('/api/members/matches')
      .query({ fullName: 'Peggy Walsh' })
      .expect(200);
    expect(byName.body.items.map((m: { id: string }) => m.id)).toEqual([kept.memberId]);
    expect(byName.body.items[0].reasons).toEqual(['same_name', 'alias']);
    const byEmail = await t.as.caseworker
      .get('/api/members/matches')
      .query({ email: 'PEGGY.WALSH@example.org' })
      .expect(200);
    expect(byEmail.body.items[0]).toEqual(
      expect.objectContaining({ id: kept.memberId, reasons: ['same_email', 'alias'] }),
    );
    const search = await t.as.caseworker.get('/api/members').query({ q: 'peggy walsh' }).expect(200);
    expect(search.body.items.map((m: { id: string }) => m.id)).toEqual([kept.memberId]);

    // An intake naming the merged record opens the case on the kept one.
    const later = await intake(t.as.caseworker, { memberId: dupe.memberId, member: undefined });
    expect(later.memberId).toBe(kept.memberId);
  });

  it('refuses merging into itself, into nobody, into a merged member, and a merged member again (naming the field)', async () => {
    const { kept, dupe } = await twoRecords();
    const third = await intake(t.as.caseworker, {}, { fullName: 'Third Person' });
    const self = await t.as.caseworker
      .post(`/api/members/${kept.memberId}/merge`)
      .send({ intoId: kept.memberId, reason: 'x' })
      .expect(400);
    expect(JSON.stringify(self.body.message)).toMatch(/intoId/);
    const nobody = await t.as.caseworker
      .post(`/api/members/${kept.memberId}/merge`)
      .send({ intoId: '01a24ab0-0000-7000-8000-000000000000', reason: 'x' })
      .expect(400);
    expect(JSON.stringify(nobody.body.message)).toMatch(/intoId/);
    const missing = await t.as.caseworker
      .post(`/api/members/${kept.memberId}/merge`)
      .send({ intoId: third.memberId })
      .expect(400);
    expect(JSON.stringify(missing.body.message)).toMatch(/reason/);
    const unknown = await t.as.caseworker
      .post(`/api/members/${kept.memberId}/merge`)
      .send({ intoId: third.memberId, reason: 'x', force: true })
      .expect(400);
    expect(JSON.stringify(unknown.body.message)).toMatch(/force/);
    await t.as.caseworker
      .post('/api/members/01a24ab0-0000-7000-8000-000000000000/merge')
      .send({ intoId: third.memberId, reason: 'x' })
      .expect(404);

    await t.as.caseworker
      .post(`/api/members/${dupe.memberId}/merge`)
      .send({ intoId: kept.memberId, reason: 'same' })
      .expect(200);
    const intoMerged = await t.as.caseworker
      .post(`/api/members/${third.memberId}/merge`)
      .send({ intoId: dupe.memberId, reason: 'x' })
      .expect(422);
    expect(intoMerged.body).toEqual(
      expect.objectContaining({ mergedInto: kept.memberId, message: expect.stringMatching(/intoId/) }),
    );
    const again = await t.as.caseworker
      .post(`/api/members/${dupe.memberId}/merge`)
      .send({ intoId: third.memberId, reason: 'x' })
      .expect(410);
    expect(again.body.mergedInto).toBe(kept.memberId);
  });

  it('is for caseworkers and coordinators: researchers are refused and nothing moves', async () => {
    const { kept, dupe } = await twoRecords();
    await t.as.researcher
      .post(`/api/members/${dupe.memberId}/merge`)
      .send({ intoId: kept.memberId, reason: 'x' })
      .expect(403);
    await t.as.caseworker.get(`/api/members/${dupe.memberId}`).expect(200);
    await t.as.coordinator
      .post(`/api/members/${dupe.memberId}/merge`)
      .send({ intoId: kept.memberId, reason: 'x' })
      .expect(200);
  });
});
