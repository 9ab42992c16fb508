import { auditActions, intake, intakePayload } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';

/** Issue 17: possible duplicates before intake, at intake, and names typed differently from the stored one. */
describe('members: matching people', () => {
  let t: TestApp;
  let margaret: { memberId: string; membershipNumber: string };
  const stored = {
    fullName: "Margaret O'Brien",
    constituencyParty: 'Leeds Central CLP',
    region: 'Yorkshire',
    email: 'margaret.obrien@example.org',
    phone: '07700 900123',
  };

  beforeAll(async () => {
    t = await createTestApp();
    const first = await intake(t.as.caseworker, {}, { ...stored, membershipNumber: 'MOB-1' });
    margaret = { memberId: first.memberId, membershipNumber: first.member.membershipNumber };
    // Others the matcher must not confuse with her.
    await intake(t.as.caseworker, {}, { fullName: 'Mary OBrien', constituencyParty: 'Leeds Central CLP' });
    await intake(t.as.caseworker, {}, { fullName: 'Margaret Smith', constituencyParty: 'Leeds Central CLP' });
  });
  afterAll(() => t.close());

  const matches = (query: Record<string, string>, as = t.as.caseworker) =>
    as.get('/api/members/matches').query(query);

  describe('GET /api/members/matches (before intake)', () => {
    it('offers "Margaret O\'Brien" for "Margaret OBrien" of the same constituency, best first, with reasons and a score', async () => {
      const res = await matches({
        fullName: 'Margaret OBrien',
        constituencyParty: 'leeds central clp',
      }).expect(200);
      expect(res.body.items[0]).toEqual(
        expect.objectContaining({
          id: margaret.memberId,
          fullName: "Margaret O'Brien",
          reasons: ['same_name', 'same_constituency'],
          score: 75,
        }),
      );
      expect(res.body.items.map((m: { fullName: string }) => m.fullName)).not.toContain('Mary OBrien');
      expect(res.body.items.map((m: { fullName: string }) => m.fullName)).not.toContain('Margaret Smith');
    });

    it('offers her without a constituency too', async () => {
      const res = await matches({ fullName: 'Margaret OBrien' }).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ id: margaret.memberId, reasons: ['same_name'], score: 60 }),
      ]);
    });

    it.each([
      ['margaret o brien', 'same_name'],
      ['O’Brien, Margaret', 'same_name'],
      ["M. O'Brien", 'initial'],
      ['Maggie Obrien', 'nickname'],
      ['Peggy O Brien', 'nickname'],
      ['Margret OBrien', 'similar_name'],
      ['Margaret OBrian', 'similar_name'],
    ])('offers her for %p (%p)', async (fullName, reason) => {
      const res = await matches({ fullName }).expect(200);
      const her = res.body.items.find((m: { id: string }) => m.id === margaret.memberId);
      expect(her?.reasons).toEqual([reason]);
    });

    it('matches on membership number, email (any case) and phone (national or international)', async () => {
      const byNumber = await matches({ membershipNumber: ' mob-1 ' }).expect(200);
      expect(byNumber.body.items[0]).toEqual(
        expect.objectContaining({ id: margaret.memberId, reasons: ['same_membership_number'], score: 100 }),
      );
      const byEmail = await matches({ email: 'Margaret.OBrien@EXAMPLE.org' }).expect(200);
      expect(byEmail.body.items[0]).toEqual(
        expect.objectContaining({ id: margaret.memberId, reasons: ['same_email'] }),
      );
      const byPhone = await matches({ phone: '+44 (0) 7700-900-123' }).expect(200);
      expect(byPhone.body.items[0]).toEqual(
        expect.objectContaining({ id: margaret.memberId, reasons: ['same_phone'] }),
      );
      const all = await matches({
        fullName: 'Maggie OBrien',
        email: 'margaret.obrien@example.org',
        phone: '+447700900123',
        constituencyParty: 'Leeds Central CLP',
      }).expect(200);
      expect(all.body.items[0]).toEqual(
        expect.objectContaining({
          id: margaret.memberId,
          reasons: ['same_email', 'same_phone', 'nickname', 'same_constituency'],
          score: 100,
        }),
      );
    });

    it('finds nobody for a constituency alone, and refuses a request without any clue (naming the fields)', async () => {
      const party = await matches({ constituencyParty: 'Leeds Central CLP' }).expect(400);
      expect(party.body.message.join(' ')).toMatch(/fullName, membershipNumber, email, phone/);
      await matches({}).expect(400);
      const unknown = await matches({ fullName: 'Margaret OBrien', nickname: 'x' }).expect(400);
      expect(JSON.stringify(unknown.body.message)).toMatch(/nickname/);
      const tooMany = await matches({ fullName: 'Margaret OBrien', limit: '51' }).expect(400);
      expect(JSON.stringify(tooMany.body.message)).toMatch(/limit/);
    });

    it('is for caseworkers and coordinators (and admins); researchers are refused', async () => {
      await matches({ fullName: 'Margaret OBrien' }, t.as.coordinator).expect(200);
      await matches({ fullName: 'Margaret OBrien' }, t.as.admin).expect(200);
      await matches({ fullName: 'Margaret OBrien' }, t.as.researcher).expect(403);
      await t.http().get('/api/members/matches?fullName=Margaret').expect(401);
    });

    it('is audited as a read of personal data', async () => {
      await matches({ fullName: 'Margaret OBrien' }).expect(200);
      const rows = await t.db.query<{ details: string }>(
        `SELECT details FROM audit_entries WHERE action = 'member.match' ORDER BY id DESC`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(String(rows[0].details)).toContain(margaret.memberId);
    });
  });

  describe('intake', () => {
    it('hints at her for "Margaret OBrien" of the same constituency and region', async () => {
      const res = await intake(
        t.as.caseworker,
        {},
        {
          fullName: 'Margaret OBrien',
          constituencyParty: 'Leeds Central CLP',
          region: 'Yorkshire',
          membershipNumber: undefined,
          email: undefined,
        },
      );
      expect(res.memberId).not.toBe(margaret.memberId);
      expect(res.possibleDuplicates).toContainEqual(
        expect.objectContaining({
          kind: 'member',
          memberId: margaret.memberId,
          reasons: ['same_name', 'same_constituency'],
        }),
      );
      expect(res.warnings).toEqual([]);
    });

    it('hints at her without a constituency too', async () => {
      const res = await intake(
        t.as.caseworker,
        {},
        {
          fullName: 'Margaret OBrien',
          constituencyParty: undefined,
          membershipNumber: undefined,
          email: undefined,
        },
      );
      expect(res.possibleDuplicates).toContainEqual(
        expect.objectContaining({ kind: 'member', memberId: margaret.memberId, reasons: ['same_name'] }),
      );
    });

    it('linking by membership number under another name keeps the stored name, warns NAME_DIFFERS and keeps the typed name as an alias', async () => {
      const res = await t.as.caseworker
        .post('/api/cases')
        .send(intakePayload({}, { fullName: 'Maggie Obrien', membershipNumber: margaret.membershipNumber }))
        .expect(201);
      expect(res.body.memberId).toBe(margaret.memberId);
      expect(res.body.member.fullName).toBe("Margaret O'Brien");
      expect(res.body.warnings).toEqual([
        expect.objectContaining({
          code: 'NAME_DIFFERS',
          field: 'member.fullName',
          storedName: "Margaret O'Brien",
          givenName: 'Maggie Obrien',
        }),
      ]);
      const aliases = await t.db.query<{ kind: string; value: string; source: string; member_id: string }>(
        'SELECT kind, value, source, member_id FROM member_aliases WHERE member_id = ?',
        [margaret.memberId],
      );
      expect(aliases).toEqual([
        { kind: 'name', value: 'Maggie Obrien', source: 'intake', member_id: margaret.memberId },
      ]);
      expect(await auditActions(t, res.body.id)).toContain('case.create');

      // The same name again is not stored twice; the stored name written another way is no new name.
      const again = await t.as.caseworker
        .post('/api/cases')
        .send(intakePayload({}, { fullName: 'Maggie Obrien', membershipNumber: margaret.membershipNumber }))
        .expect(201);
      expect(again.body.warnings).toHaveLength(1);
      const same = await t.as.caseworker
        .post('/api/cases')
        .send(intakePayload({}, { fullName: 'margaret obrien', membershipNumber: margaret.membershipNumber }))
        .expect(201);
      expect(same.body.warnings).toEqual([]);
      const count = await t.db.query<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM member_aliases WHERE member_id = ?',
        [margaret.memberId],
      );
      expect(Number(count[0].n)).toBe(1);
    });

    it('matching and member search find her by the alias', async () => {
      const res = await matches({ fullName: 'Maggie Obrien' }).expect(200);
      expect(res.body.items[0]).toEqual(
        expect.objectContaining({ id: margaret.memberId, reasons: ['same_name', 'alias'] }),
      );
      const search = await t.as.caseworker.get('/api/members').query({ q: 'maggie obrien' }).expect(200);
      expect(search.body.items.map((m: { id: string }) => m.id)).toContain(margaret.memberId);
    });
  });

  describe('folded search (q of the case and member lists)', () => {
    let obrienNoApostrophe: { memberId: string; id: string };
    beforeAll(async () => {
      obrienNoApostrophe = await intake(
        t.as.caseworker,
        {},
        { fullName: 'Seamus OBrien', membershipNumber: undefined },
      );
    });

    const caseMembers = async (q: string) =>
      (
        (await t.as.caseworker.get('/api/cases').query({ q }).expect(200)).body.items as {
          memberId: string;
        }[]
      ).map((c) => c.memberId);
    const members = async (q: string) =>
      (
        (await t.as.caseworker.get('/api/members').query({ q }).expect(200)).body.items as { id: string }[]
      ).map((m) => m.id);

    it.each([['OBrien'], ['obrien'], ["o'brien"], ['O BRIEN'], ['o’brien']])(
      "q=%p finds both O'Brien and OBrien, in cases and members",
      async (q) => {
        expect(await caseMembers(q)).toEqual(
          expect.arrayContaining([margaret.memberId, obrienNoApostrophe.memberId]),
        );
        expect(await members(q)).toEqual(
          expect.arrayContaining([margaret.memberId, obrienNoApostrophe.memberId]),
        );
      },
    );

    it('ignores accents and finds aliases; short text still searches', async () => {
      const jose = await intake(
        t.as.caseworker,
        {},
        { fullName: 'José Álvarez', membershipNumber: undefined },
      );
      expect(await caseMembers('jose alvarez')).toContain(jose.memberId);
      expect(await members('ALVAREZ')).toContain(jose.memberId);
      // "Maggie Obrien" was kept as an alias of Margaret above.
      expect(await caseMembers('maggie o brien')).toContain(margaret.memberId);
      expect(await members('maggieobrien')).toContain(margaret.memberId);
      expect(await members('Jo')).toContain(jose.memberId);
    });

    it('keeps the case search right when a member is renamed, gains an alias or is merged', async () => {
      // Letters only: a name of this run alone, whatever the other tests stored.
      const tag = Date.now()
        .toString(36)
        .replace(/\d/g, (d) => 'qwertyuiop'[Number(d)]);
      const cases = async (q: string) =>
        (
          (await t.as.caseworker.get('/api/cases').query({ q }).expect(200)).body.items as {
            id: string;
            memberId: string;
          }[]
        )
          .map((c) => c.id)
          .sort();
      const number = `ORL-${tag}`.toUpperCase();
      const orla = await intake(
        t.as.caseworker,
        {},
        { fullName: `Orla O'Dwyer-${tag}`, membershipNumber: number },
      );
      expect(await cases(`odwyer${tag}`)).toEqual([orla.id]);
      expect(await cases(`O DWYER ${tag}`)).toEqual([orla.id]);

      // Renamed: found by the new name folded (accents too), no longer by the old one.
      await t.as.caseworker
        .patch(`/api/members/${orla.memberId}`)
        .send({ version: 1, fullName: `Orla Ní Fhaoláin ${tag}` })
        .expect(200);
      expect(await cases(`ni-fhaolain ${tag}`)).toEqual([orla.id]);
      expect(await cases(`odwyer${tag}`)).toEqual([]);

      // An intake linked by number under another name keeps it as an alias: both cases are found by it.
      const linked = await intake(
        t.as.caseworker,
        {},
        { fullName: `Orlagh D'Wyer ${tag}`, membershipNumber: number },
      );
      expect(linked.memberId).toBe(orla.memberId);
      expect(await cases(`orlagh dwyer ${tag}`)).toEqual([orla.id, linked.id].sort());

      // Merged: the moved case is found by the kept member's names, and the merged member's name
      // (now an alias of the kept one) finds every case of the kept member.
      const brid = await intake(
        t.as.caseworker,
        {},
        { fullName: `Bríd Ó Súilleabháin ${tag}`, membershipNumber: undefined },
      );
      expect(await cases(`osuilleabhain${tag}`)).toEqual([brid.id]);
      expect(await cases(`nifhaolain${tag}`)).toEqual([orla.id, linked.id].sort());
      await t.as.caseworker
        .post(`/api/members/${brid.memberId}/merge`)
        .send({ intoId: orla.memberId, reason: 'Same person' })
        .expect(200);
      expect(await cases(`O'Súilleabháin ${tag}`)).toEqual([orla.id, linked.id, brid.id].sort());
      expect(await cases(`nifhaolain${tag}`)).toEqual([orla.id, linked.id, brid.id].sort());
      expect(await cases(`orlaghdwyer${tag}`)).toEqual([orla.id, linked.id, brid.id].sort());
    });
  });
});
