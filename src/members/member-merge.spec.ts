import { DomainError } from '../http/domain-error';
import { mergedAliases, mergeRefusal } from './member-merge';

describe(mergeRefusal.name, () => {
  const a = { id: 'a', mergedInto: null };
  const b = { id: 'b', mergedInto: null };

  it('allows merging into another member that is not merged', () => {
    expect(mergeRefusal(a, b)).toBeNull();
  });

  it.each([
    ['into itself', a, a, DomainError, /intoId must be another member/],
    ['into nobody', a, null, DomainError, /intoId does not match any member/],
    [
      'into a merged member',
      a,
      { id: 'b', mergedInto: 'c' },
      DomainError,
      /intoId names a member that was merged/,
    ],
    ['a merged member', { id: 'a', mergedInto: 'c' }, b, DomainError, /merged into another already/],
  ])('refuses merging %s', (_what, source, target, type, message) => {
    const refusal = mergeRefusal(source, target);
    expect(refusal).toBeInstanceOf(type);
    expect(refusal?.message).toMatch(message);
  });
});

describe(mergedAliases.name, () => {
  it("keeps the merged member's name, email, phone and aliases for the kept one", () => {
    const aliases = mergedAliases(
      { fullName: 'Peggy Walsh', email: 'peggy@example.org', phone: null },
      [{ kind: 'name', value: 'Margaret Walsh' }],
      'into',
      'user',
      new Date(0),
    );
    expect(aliases.map((x) => [x.memberId, x.kind, x.value, x.source])).toEqual([
      ['into', 'name', 'Peggy Walsh', 'merge'],
      ['into', 'email', 'peggy@example.org', 'merge'],
      ['into', 'name', 'Margaret Walsh', 'merge'],
    ]);
  });
});
