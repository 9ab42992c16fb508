import { foldedNameSearch } from './member-search';

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
