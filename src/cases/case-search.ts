import { normaliseName } from '../members/member-normalise';

/**
 * The case list's `q` on SQLite, as a query of the `case_search` full-text index (FTS5 with the
 * trigram tokenizer, so a phrase matches any substring, case-insensitively). Pure.
 */

/** Trigram search needs at least this many characters; shorter text is matched by LIKE instead. */
export const TRIGRAM_MIN_CHARS = 3;

/** An FTS5 string: the text in double quotes with inner quotes doubled, so no query syntax gets through. */
export function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The FTS5 MATCH expression for `q`: the text as typed within the reference, membership number
 * and summary, or its normalised form (as member names are stored) within the member's name.
 * Null when either form is too short for the trigram index.
 */
export function caseSearchMatch(q: string): string | null {
  const text = q.trim();
  const name = normaliseName(text);
  if ([...text].length < TRIGRAM_MIN_CHARS || [...name].length < TRIGRAM_MIN_CHARS) return null;
  return `{reference membership_number summary} : ${ftsString(text)} OR member_name : ${ftsString(name)}`;
}
