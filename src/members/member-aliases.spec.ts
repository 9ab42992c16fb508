import { nameDiffers, newAlias, newAliasesOnly } from './member-aliases';

describe(nameDiffers.name, () => {
  it.each([
    ["Margaret O'Brien", 'Margaret OBrien', false],
    ["Margaret O'Brien", 'margaret o brien', false],
    ['José Álvarez', 'Jose Alvarez', false],
    ["Margaret O'Brien", 'Maggie Obrien', true],
    ["Margaret O'Brien", "O'Brien, Margaret", true],
  ])('%p and %p differ: %p', (stored, typed, differs) => {
    expect(nameDiffers(stored, typed)).toBe(differs);
  });
});

describe(newAlias.name, () => {
  it('keeps a name tidied, with its keys', () => {
    expect(newAlias('m1', 'name', '  Maggie   Obrien ', 'intake', 'u1')).toEqual(
      expect.objectContaining({
        memberId: 'm1',
        kind: 'name',
        value: 'Maggie Obrien',
        nameKey: 'maggieobrien',
        matchKey: 'O165M200',
        email: null,
        phoneKey: null,
        source: 'intake',
        createdBy: 'u1',
      }),
    );
  });

  it('keeps an email lower-cased and a phone by its key; nothing for a blank value', () => {
    expect(newAlias('m1', 'email', ' Peg@Example.org ', 'merge', null)).toEqual(
      expect.objectContaining({ value: 'peg@example.org', email: 'peg@example.org', matchKey: null }),
    );
    expect(newAlias('m1', 'phone', '+44 7700 900123', 'merge', null)).toEqual(
      expect.objectContaining({ value: '+447700900123', phoneKey: '700900123' }),
    );
    expect(newAlias('m1', 'name', '   ', 'merge', null)).toBeNull();
  });
});

describe(newAliasesOnly.name, () => {
  it('drops what the member is already stored or known by, and repeats', () => {
    const member = { fullName: "Margaret O'Brien", email: 'm@example.org', phone: '07700900123' };
    const wanted = [
      newAlias('m1', 'name', 'Margaret OBrien', 'merge', null)!,
      newAlias('m1', 'name', 'Maggie Obrien', 'merge', null)!,
      newAlias('m1', 'name', 'maggie obrien', 'merge', null)!,
      newAlias('m1', 'name', 'Peggy Walsh', 'merge', null)!,
      newAlias('m1', 'email', 'M@example.org', 'merge', null)!,
      newAlias('m1', 'phone', '+44 7700 900123', 'merge', null)!,
      newAlias('m1', 'phone', '0113 496 0000', 'merge', null)!,
    ];
    const kept = newAliasesOnly(member, [{ kind: 'name', value: 'Peggy Walsh' }], wanted);
    expect(kept.map((a) => a.value)).toEqual(['Maggie Obrien', '01134960000']);
  });
});
