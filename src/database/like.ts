/** The escape character used with every LIKE built from client input (`LIKE :p ESCAPE '\'`). */
export const LIKE_ESCAPE = "ESCAPE '\\'";

/** "%" + the text with %, _ and \ escaped + "%": a bound "contains" pattern, never concatenated SQL. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
