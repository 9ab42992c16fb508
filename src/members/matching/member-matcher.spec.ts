import {
  compareNames,
  MatchCandidate,
  matchMember,
  nameKeys,
  phoneKey,
  probeKeys,
  rankMatches,
} from './member-matcher';

const margaret: MatchCandidate = {
  id: 'm1',
  fullName: "Margaret O'Brien",
  membershipNumber: 'A1001',
  email: 'margaret@example.org',
  phone: '+44 7700 900123',
  constituencyParty: 'Leeds Central',
};

describe(compareNames.name, () => {
  it.each([
    ['Margaret OBrien', 'same_name'],
    ['margaret o brien', 'same_name'],
    ['MARGARET O’BRIEN', 'same_name'],
    ["O'Brien, Margaret", 'same_name'],
    ['OBrien Margaret', 'same_name'],
    ['Margaret Anne O’Brien', 'same_name'],
    ["M. O'Brien", 'initial'],
    ['M OBrien', 'initial'],
    ['Maggie Obrien', 'nickname'],
    ['Peggy O Brien', 'nickname'],
    ['Meg OBrien', 'nickname'],
    ['Margret OBrien', 'similar_name'],
    ['Margaret OBrian', 'similar_name'],
    ['Margaret O’Brein', 'similar_name'],
    ['Maggie OBrian', 'similar_name'],
    ['Mary OBrien', null],
    ['Margaret Smith', null],
    ['Margret OBrian', 'similar_name'],
    ['Marian OBrien', null],
    ['OBrien', null],
    ['', null],
  ])("compares %p with Margaret O'Brien as %p", (name, reason) => {
    expect(compareNames(name, "Margaret O'Brien")).toBe(reason);
  });

  it.each([
    ['José Álvarez', 'Jose Alvarez', 'same_name'],
    ['Bob Smith', 'Robert Smith', 'nickname'],
    ['Bill Jones', 'William Jones', 'nickname'],
    ['Jon Smith', 'John Smith', 'nickname'],
    ['Anne-Marie Dupont', 'Annemarie Dupont', 'same_name'],
    ['Ann Lee', 'Ann Lea', null],
  ])('compares %p with %p as %p', (a, b, reason) => {
    expect(compareNames(a, b)).toBe(reason);
  });
});

describe(matchMember.name, () => {
  it.each([
    [
      { fullName: 'Margaret OBrien', constituencyParty: 'leeds  central' },
      ['same_name', 'same_constituency'],
      75,
    ],
    [{ fullName: 'Margaret OBrien' }, ['same_name'], 60],
    [{ fullName: 'Maggie Obrien' }, ['nickname'], 50],
    [{ membershipNumber: ' a1001 ' }, ['same_membership_number'], 100],
    [{ email: 'MARGARET@example.org' }, ['same_email'], 70],
    [{ phone: '07700 900 123' }, ['same_phone'], 60],
    [{ phone: '0044 7700-900-123' }, ['same_phone'], 60],
    [{ fullName: 'Someone Else', email: 'margaret@example.org' }, ['same_email'], 70],
    [{ constituencyParty: 'Leeds Central' }, null, 0],
    [{ fullName: 'Mary Smith' }, null, 0],
    [{}, null, 0],
  ])('matches %p for reasons %p with score %p', (probe, reasons, score) => {
    const match = matchMember(probe, margaret);
    expect(match && [match.reasons, match.score]).toEqual(reasons && [reasons, score]);
  });

  it('finds a member by a name, email or phone they are also known by, and says so', () => {
    const known = {
      ...margaret,
      aliases: [
        { kind: 'name' as const, value: 'Peggy Walsh' },
        { kind: 'email' as const, value: 'peggy@example.org' },
        { kind: 'phone' as const, value: '0113 496 0000' },
      ],
    };
    expect(matchMember({ fullName: 'Margaret Walsh' }, known)?.reasons).toEqual(['nickname', 'alias']);
    expect(matchMember({ email: 'Peggy@Example.org' }, known)?.reasons).toEqual(['same_email', 'alias']);
    expect(matchMember({ phone: '+44 113 496 0000' }, known)?.reasons).toEqual(['same_phone', 'alias']);
    expect(matchMember({ fullName: "Margaret O'Brien" }, known)?.reasons).toEqual(['same_name']);
  });

  it('caps the score at 100', () => {
    expect(matchMember({ ...margaret }, margaret)?.score).toBe(100);
  });
});

describe(rankMatches.name, () => {
  it('orders by score, keeps the given order between equals, drops non-matches and repeats', () => {
    const a = {
      ...margaret,
      id: 'a',
      fullName: 'Maggie OBrien',
      membershipNumber: null,
      email: null,
      phone: null,
    };
    const b = { ...margaret, id: 'b', membershipNumber: null, email: null, phone: null };
    const c = { ...b, id: 'c', fullName: 'Somebody Else' };
    const d = { ...b, id: 'd' };
    const ranked = rankMatches({ fullName: 'Margaret OBrien' }, [a, b, c, d, b], 10);
    expect(ranked.map((m) => [m.member.id, m.score])).toEqual([
      ['b', 60],
      ['d', 60],
      ['a', 50],
    ]);
    expect(rankMatches({ fullName: 'Margaret OBrien' }, [a, b, d], 1)).toHaveLength(1);
  });
});

describe('keys', () => {
  it('stores a name by its folded whole and the sound of its surname and given name', () => {
    expect(nameKeys("O'Brien, Margaret")).toEqual({ nameKey: 'margaretobrien', matchKey: 'O165M626' });
    expect(nameKeys('M. O Brien')).toEqual({ nameKey: 'mobrien', matchKey: 'O165M000' });
    expect(nameKeys('Cher')).toEqual({ nameKey: 'cher', matchKey: 'C600' });
    expect(nameKeys('...')).toEqual({ nameKey: '', matchKey: null });
  });

  it.each([
    ['07700 900123', '700900123'],
    ['+44 7700 900123', '700900123'],
    ['0044 (0)7700-900-123', '700900123'],
    ['12345', '12345'],
    ['', null],
    [null, null],
  ])('keys the phone %p as %p', (phone, key) => {
    expect(phoneKey(phone)).toBe(key);
  });

  it('looks a probe up by every stored key its name may match, and by its contacts', () => {
    const keys = probeKeys({
      fullName: 'Maggie OBrien',
      email: ' M@X.org ',
      phone: '07700 900123',
      membershipNumber: 'a1',
    });
    expect(keys).toEqual(
      expect.objectContaining({
        matchPrefixes: [],
        membershipNumber: 'A1',
        email: 'm@x.org',
        phoneKey: '700900123',
      }),
    );
    // Maggie, Margaret, Peggy, Meg, an initial, and the name typed surname first.
    for (const name of [
      'Maggie OBrien',
      "Margaret O'Brien",
      'Peggy O Brien',
      'Meg OBrian',
      'M. OBrien',
      'OBrien, Maggie',
    ])
      expect(keys.matchKeys).toContain(nameKeys(name).matchKey);
    expect(keys.matchKeys).toContain(nameKeys('Obrien Maggie').matchKey);
    expect(keys.matchKeys).not.toContain(nameKeys('Mary OBrien').matchKey);
  });

  it('looks up every given name an initial may stand for', () => {
    const keys = probeKeys({ fullName: "M. O'Brien" });
    expect(keys.matchPrefixes).toEqual(['O165M']);
    expect(nameKeys('Mary OBrien').matchKey?.startsWith('O165M')).toBe(true);
  });

  it('finds a double surname typed with a space', () => {
    expect(probeKeys({ fullName: 'Mary Smith Jones' }).matchKeys).toContain(
      nameKeys('Mary Smith-Jones').matchKey,
    );
  });
});
