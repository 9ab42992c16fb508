import { ftsString, TRIGRAM_MIN_CHARS } from '../cases/case-search';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import { foldText } from './matching/name-fold';

const MEMBER_SEARCH =
  'SELECT fk.member_id FROM member_search fs JOIN member_search_keys fk ON fk.search_rowid = fs.rowid' +
  ' WHERE member_search MATCH :foldedMatch';

/**
 * The member list's q on SQLite, in one read of the member_search index: a folded name (or alias),
 * or the text as typed within a membership number or email (or alias email). Null when either is
 * too short for the trigram index: the list then compares by LIKE.
 */
export function memberListSearch(q: string): { sql: string; params: Record<string, string> } | null {
  const folded = foldText(q);
  const text = q.trim();
  if ([...folded].length < TRIGRAM_MIN_CHARS || [...text].length < TRIGRAM_MIN_CHARS) return null;
  return {
    sql: MEMBER_SEARCH,
    params: { foldedMatch: `names : ${ftsString(folded)} OR contacts : ${ftsString(text)}` },
  };
}

/**
 * The members (not merged) whose name, or a name they are also known by, contains `q` folded as
 * the matcher folds names (case, accents, punctuation and spaces do not count: "OBrien",
 * "o'brien" and "O Brien" all find "Margaret O'Brien"). A subquery of member ids with named
 * parameters, for the member and case lists. On SQLite it reads the member_search trigram index;
 * elsewhere (and for fewer than three letters) a LIKE on the folded name columns. Null when `q`
 * has no letters or digits.
 */
export function foldedNameSearch(
  q: string,
  sqlite: boolean,
): { sql: string; params: Record<string, string> } | null {
  const folded = foldText(q);
  if (!folded) return null;
  if (sqlite && [...folded].length >= TRIGRAM_MIN_CHARS)
    return { sql: MEMBER_SEARCH, params: { foldedMatch: `names : ${ftsString(folded)}` } };
  return {
    sql:
      `SELECT fm.id FROM members fm WHERE fm.merged_into IS NULL AND fm.name_key LIKE :foldedLike ${LIKE_ESCAPE}` +
      ` UNION SELECT fa.member_id FROM member_aliases fa JOIN members fo ON fo.id = fa.member_id` +
      ` WHERE fo.merged_into IS NULL AND fa.name_key LIKE :foldedLike ${LIKE_ESCAPE}`,
    params: { foldedLike: containsPattern(folded) },
  };
}
