import {
  duplicateReasons,
  MemberIdentity,
  normaliseEmail,
  normaliseMembershipNumber,
  normaliseName,
  normaliseParty,
  normalisePhone,
} from './member-normalise';

describe('member normalisation', () => {
  it.each([
    ['  José   Álvarez ', 'jose alvarez'],
    ['ZOË O\u2019NEILL', "zoe o'neill"],
    ['Anne-Marie\tSmith', 'anne-marie smith'],
    ['Ann Smith', 'ann smith'],
  ])('normalises the name %p to %p', (input, out) => expect(normaliseName(input)).toBe(out));

  it('trims and upper-cases membership numbers; blank is null', () => {
    expect(normaliseMembershipNumber('  ab123 ')).toBe('AB123');
    expect(normaliseMembershipNumber('   ')).toBeNull();
    expect(normaliseMembershipNumber(undefined)).toBeNull();
  });

  it('lower-cases emails', () => {
    expect(normaliseEmail(' Ann@Example.ORG ')).toBe('ann@example.org');
    expect(normaliseEmail('')).toBeNull();
  });

  it('keeps only digits and a leading + in phones', () => {
    expect(normalisePhone('+44 (0)7700 900-123')).toBe('+4407700900123');
    expect(normalisePhone('07700 900123')).toBe('07700900123');
    expect(normalisePhone(' - ')).toBeNull();
    expect(normalisePhone(null)).toBeNull();
  });

  it('compares parties without case or extra spaces', () => {
    expect(normaliseParty(' Northtown  CLP ')).toBe('northtown clp');
  });
});

describe('duplicateReasons', () => {
  const ann: MemberIdentity = {
    normalisedName: 'ann smith',
    constituencyParty: 'Northtown CLP',
    email: 'ann@example.org',
    phone: '07700900123',
  };
  const other = (o: Partial<MemberIdentity>): MemberIdentity => ({
    normalisedName: 'someone else',
    constituencyParty: 'Southtown CLP',
    email: 'x@example.org',
    phone: '0123',
    ...o,
  });

  it('matches the same name in the same constituency party', () => {
    expect(
      duplicateReasons(ann, other({ normalisedName: 'ann smith', constituencyParty: 'northtown clp' })),
    ).toEqual(['same_name_and_constituency']);
  });
  it('does not match the same name in another party, or with no party', () => {
    expect(duplicateReasons(ann, other({ normalisedName: 'ann smith' }))).toEqual([]);
    expect(
      duplicateReasons(
        { ...ann, constituencyParty: null },
        other({ normalisedName: 'ann smith', constituencyParty: null }),
      ),
    ).toEqual([]);
  });
  it('matches the same email case-insensitively', () => {
    expect(duplicateReasons(ann, other({ email: 'ANN@example.org' }))).toEqual(['same_email']);
  });
  it('matches the same phone whatever its punctuation', () => {
    expect(duplicateReasons(ann, other({ phone: '07700 900 123' }))).toEqual(['same_phone']);
  });
  it('lists every reason that applies', () => {
    expect(duplicateReasons(ann, { ...ann })).toEqual([
      'same_name_and_constituency',
      'same_email',
      'same_phone',
    ]);
  });
  it('never matches on missing email or phone', () => {
    expect(
      duplicateReasons({ ...ann, email: null, phone: null }, other({ email: null, phone: null })),
    ).toEqual([]);
  });
});
