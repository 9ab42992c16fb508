import sqlite3 from 'sqlite3';
import { CASE_SEARCH_COUNT, caseSearchMatch, caseSearchPage, ftsString } from './case-search';

describe(caseSearchMatch.name, () => {
  it('searches the typed text in reference, number and summary, the normalised text in the name and the folded text in names', () => {
    expect(caseSearchMatch('  Whit lock ')).toBe(
      '{reference membership_number summary} : "Whit lock" OR member_name : "whit lock" OR member_names : "whitlock"',
    );
  });

  it.each([
    ['  Whitlock ', '"whitlock"'],
    ['SMITH2', '"smith2"'],
  ])('searches a plain word (%j: the same in every form) as one phrase in every column', (q, match) => {
    expect(caseSearchMatch(q)).toBe(match);
  });

  it('normalises the name part as member names are stored and folds the names part as the matcher does', () => {
    expect(caseSearchMatch('José  O’Neill')).toBe(
      `{reference membership_number summary} : "José  O’Neill" OR member_name : "jose o'neill" OR member_names : "joseoneill"`,
    );
  });

  it('leaves out the folded names when the text has no letters or digits', () => {
    expect(caseSearchMatch('"-"')).toBe(
      `{reference membership_number summary} : """-""" OR member_name : """-"""`,
    );
  });

  it.each(['', ' ', 'ab', ' é ', 'Jo', "O'B", 'a.b'])(
    'leaves %j to the LIKE search (too short for trigrams, as typed or folded)',
    (q) => {
      expect(caseSearchMatch(q)).toBeNull();
    },
  );

  it('counts characters, not UTF-16 units', () => {
    expect(caseSearchMatch('𝒜𝒜')).toBeNull();
    expect(caseSearchMatch('Zoë')).not.toBeNull();
  });
});

describe(ftsString.name, () => {
  it('doubles inner double quotes', () => {
    expect(ftsString('say "hi"')).toBe('"say ""hi"""');
  });

  // Against SQLite's own FTS5: whatever a user types is one literal substring, never syntax.
  describe('in a real FTS5 trigram index', () => {
    let db: sqlite3.Database;
    const all = (sql: string, params: unknown[] = []) =>
      new Promise<{ id: number }[]>((resolve, reject) =>
        db.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as { id: number }[]))),
      );
    const texts = [
      'Suspended over a tweet about "the leadership"',
      'NEAR the end: OR AND NOT * ^ { } ( ) : -- %_',
      "Ann O'Brien's appeal",
      'annual report',
    ];
    beforeAll(async () => {
      db = new sqlite3.Database(':memory:');
      await all(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram')`);
      for (const [i, body] of texts.entries())
        await all('INSERT INTO t (rowid, body) VALUES (?, ?)', [i + 1, body]);
    });
    afterAll(() => new Promise<void>((resolve) => db.close(() => resolve())));
    const search = async (text: string) =>
      (await all('SELECT rowid AS id FROM t WHERE t MATCH ? ORDER BY rowid', [ftsString(text)])).map(
        (r) => r.id,
      );

    it.each([
      ['"the leadership"', [1]],
      ['OR AND NOT', [2]],
      [': -- %_', [2]],
      ['{ } ( )', [2]],
      ["o'brien's", [3]],
      ['ANN', [3, 4]],
      ['nothing like this', []],
    ])('finds %j as a plain substring', async (text, ids) => {
      expect(await search(text)).toEqual(ids);
    });
  });
});

describe(caseSearchPage.name, () => {
  let db: sqlite3.Database;
  const all = <T>(sql: string, params: unknown[] = []) =>
    new Promise<T[]>((resolve, reject) =>
      db.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as T[]))),
    );
  const positional = (sql: string) => sql.replace(/:(caseMatch|limit|offset)\b/g, '?');
  beforeAll(async () => {
    db = new sqlite3.Database(':memory:');
    await all('CREATE TABLE cases (id TEXT PRIMARY KEY, updated_at TEXT, reference TEXT)');
    await all(
      'CREATE TABLE case_search_keys (search_rowid INTEGER PRIMARY KEY, case_id TEXT NOT NULL UNIQUE)',
    );
    await all(`CREATE VIRTUAL TABLE case_search USING fts5(reference, member_names, tokenize='trigram')`);
    const rows: [string, string, string, string][] = [
      ['a', '2024-01-03', 'CL-3', 'annwhitlock'],
      ['b', '2024-01-01', 'CL-1', 'bobwhitlock'],
      ['c', '2024-01-02', 'CL-2', 'carlwhite'],
      ['d', '2024-01-04', 'CL-4', 'dawhitlock'],
    ];
    for (const [i, [id, at, reference, names]] of rows.entries()) {
      await all('INSERT INTO cases VALUES (?, ?, ?)', [id, at, reference]);
      await all('INSERT INTO case_search_keys VALUES (?, ?)', [i + 1, id]);
      await all('INSERT INTO case_search (rowid, reference, member_names) VALUES (?, ?, ?)', [
        i + 1,
        reference,
        names,
      ]);
    }
  });
  afterAll(() => new Promise<void>((resolve) => db.close(() => resolve())));

  it('picks the page in the sort order and counts every match on each row', async () => {
    const page = (sort: 'updatedAt' | 'reference', descending: boolean, limit: number, offset: number) =>
      all<{ id: string; total: number }>(positional(caseSearchPage(sort, descending)), [
        '"whitlock"',
        limit,
        offset,
      ]);
    expect(await page('updatedAt', true, 2, 0)).toEqual([
      { id: 'd', total: 3 },
      { id: 'a', total: 3 },
    ]);
    expect(await page('updatedAt', true, 2, 2)).toEqual([{ id: 'b', total: 3 }]);
    expect(await page('reference', false, 10, 0)).toEqual([
      { id: 'b', total: 3 },
      { id: 'a', total: 3 },
      { id: 'd', total: 3 },
    ]);
    expect(await page('reference', false, 10, 3)).toEqual([]);
    expect(await all(positional(CASE_SEARCH_COUNT), ['"whitlock"'])).toEqual([{ n: 3 }]);
  });
});
