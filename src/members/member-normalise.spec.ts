import {
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
