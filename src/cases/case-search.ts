import { foldText } from '../members/matching/name-fold';
import { normaliseName } from '../members/member-normalise';
import type { CaseSortField } from './dto/case-query.dto';

/**
 * The case list's `q` on SQLite, as a query of the `case_search` full-text index (FTS5 with the
 * trigram tokenizer, so a phrase matches any substring, case-insensitively). Pure.
 */

/** The ids of the cases matching the MATCH expression bound as :caseMatch: one read of the index. */
export const CASE_SEARCH =
  'SELECT k.case_id AS id FROM case_search s JOIN case_search_keys k ON k.search_rowid = s.rowid' +
  ' WHERE case_search MATCH :caseMatch';

/** How many cases match :caseMatch (the index alone). */
export const CASE_SEARCH_COUNT = 'SELECT COUNT(*) AS n FROM case_search WHERE case_search MATCH :caseMatch';

const SORT_COLUMNS: Record<CaseSortField, string> = {
  updatedAt: 'updated_at',
  actionDate: 'action_date',
  appealDeadline: 'appeal_deadline',
  reference: 'reference',
};

/**
 * A page of the cases matching :caseMatch (q alone) in one statement, as `id` and `total` (how
 * many matched) per row; bound :caseMatch, :limit, :offset. The index is read once: MATERIALIZED,
 * because the page and the count both use it and SQLite would otherwise read it for each; only
 * the page's ids come back, not every match.
 */
export function caseSearchPage(sort: CaseSortField, descending: boolean): string {
  const direction = descending ? 'DESC' : 'ASC';
  return (
    `WITH matched AS MATERIALIZED (${CASE_SEARCH})` +
    ' SELECT c.id AS id, (SELECT COUNT(*) FROM matched) AS total FROM cases c WHERE c.id IN (SELECT id FROM matched)' +
    ` ORDER BY c.${SORT_COLUMNS[sort]} ${direction}, c.id ${direction} LIMIT :limit OFFSET :offset`
  );
}

/** Trigram search needs at least this many characters; shorter text is matched by LIKE instead. */
export const TRIGRAM_MIN_CHARS = 3;

/** An FTS5 string: the text in double quotes with inner quotes doubled, so no query syntax gets through. */
export function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The FTS5 MATCH expression for `q`: the text as typed within the reference, membership number
 * and summary, its normalised form (as member names are stored) within the member's name, and its
 * folded form (as the member search folds names: "OBrien" finds "O'Brien") within the member's
 * names and aliases. Null when a form is too short for the trigram index (the list then compares
 * by LIKE); a text with no letters or digits has no folded form and searches the rest.
 */
export function caseSearchMatch(q: string): string | null {
  const text = q.trim();
  const name = normaliseName(text);
  const folded = foldText(text);
  const short = (s: string) => [...s].length < TRIGRAM_MIN_CHARS;
  if (short(text) || short(name) || (folded && short(folded))) return null;
  // A plain word ("Whitlock") is the same text in all three forms: one phrase over every column
  // finds the same cases and reads the index once, not three times (it ignores ASCII case).
  if (/^[\x21-\x7e]+$/.test(text) && name === folded && text.toLowerCase() === folded)
    return ftsString(folded);
  const match = `{reference membership_number summary} : ${ftsString(text)} OR member_name : ${ftsString(name)}`;
  return folded ? `${match} OR member_names : ${ftsString(folded)}` : match;
}
