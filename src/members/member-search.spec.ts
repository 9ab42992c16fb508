import { foldedNameSearch, memberListSearch } from './member-search';

describe(foldedNameSearch.name, () => {
  it.each([
    ['OBrien', 'obrien'],
    ["o'brien", 'obrien'],
    ['O Brien', 'obrien'],
    ['JOSÉ', 'jose'],
  ])('searches %p folded as %p in the trigram index on SQLite', (q, folded) => {
    expect(foldedNameSearch(q, true)?.params).toEqual({ foldedMatch: `names : "${folded}"` });
  });

  it('uses LIKE on the folded columns on PostgreSQL and for short text, escaping wildcards', () => {
    expect(foldedNameSearch("O'B", false)?.params).toEqual({ foldedLike: '%ob%' });
    expect(foldedNameSearch('ob', true)?.params).toEqual({ foldedLike: '%ob%' });
    expect(foldedNameSearch('a_b%', false)?.params).toEqual({ foldedLike: '%ab%' });
    expect(foldedNameSearch('ob', true)?.sql).toContain('member_aliases');
  });

  it('gives nothing to search for text without letters or digits', () => {
    expect(foldedNameSearch(" '- ", true)).toBeNull();
  });
});

describe(memberListSearch.name, () => {
  it('searches folded names and, as typed, membership numbers and emails in one index read', () => {
    expect(memberListSearch("O'Brien")?.params).toEqual({
      foldedMatch: 'names : "obrien" OR contacts : "O\'Brien"',
    });
    expect(memberListSearch('a"b@x.org')?.params).toEqual({
      foldedMatch: 'names : "abxorg" OR contacts : "a""b@x.org"',
    });
  });

  it('leaves text too short for the trigram index to LIKE', () => {
    expect(memberListSearch('Jo')).toBeNull();
    expect(memberListSearch("O'B")).toBeNull();
  });
});
