/**
 * How names are compared and searched: case, accents, apostrophes, hyphens, dots and spaces do not
 * count ("O'Brien" = "OBrien" = "O Brien", "José" = "Jose"). Pure.
 */

/**
 * Apostrophes of every kind and hyphens join what they stand between: "O’Brien" → "OBrien",
 * "Smith-Jones" → "SmithJones" (one surname, however it is typed).
 */
const JOINERS = /['\u2018\u2019\u02bc`\u00b4\u002d\u2010\u2011\u2012\u2013]/g;

/** Letters without accents, lower-case; any other punctuation becomes a space. */
function plain(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd')
    .replace(JOINERS, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a text, folded: "O'Brien-Smith, José" → ["obriensmith", "jose"]. */
export function foldedWords(text: string): string[] {
  const p = plain(text);
  return p ? p.split(' ') : [];
}

/**
 * A text with case, accents and punctuation removed and its words run together: what search
 * compares ("Margaret O'Brien" → "margaretobrien", "o'brien" → "obrien", "O Brien" → "obrien").
 */
export function foldText(text: string): string {
  return foldedWords(text).join('');
}

/** Name particles that belong to the surname that follows: "O Brien", "Mc Donald", "van der Berg". */
const PARTICLES = new Set([
  'o',
  'mc',
  'mac',
  'de',
  'del',
  'della',
  'di',
  'da',
  'du',
  'des',
  'la',
  'le',
  'van',
  'von',
  'der',
  'den',
  'ter',
  'st',
  'ap',
  'ni',
  'nic',
  'ui',
]);

/** Titles and suffixes that say nothing about who someone is. */
const NOISE = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'dame',
  'rev',
  'cllr',
  'jr',
  'sr',
  'jnr',
  'snr',
]);

/** A name taken apart: its first given name (or initial) and its surname, both folded. */
export interface NameParts {
  /** Every word, in the person's order (given names first), folded. */
  words: string[];
  /** The first given name or initial; '' when only one word was given. */
  given: string;
  /** The last word with the particles before it run together: "o brien" → "obrien". */
  surname: string;
  /** All words run together, in the person's order. */
  compact: string;
}

/**
 * "Margaret O'Brien", "O'Brien, Margaret", "M. O Brien", "Dr Margaret Anne O’Brien" → given and
 * surname. A comma means "Surname, Given names".
 */
export function nameParts(name: string): NameParts {
  const comma = name.indexOf(',');
  const ordered = comma >= 0 ? `${name.slice(comma + 1)} ${name.slice(0, comma)}` : name;
  const all = foldedWords(ordered);
  const kept = all.filter((w) => !NOISE.has(w));
  const words = kept.length ? kept : all;
  if (!words.length) return { words, given: '', surname: '', compact: '' };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1])) start--;
  const surname = words.slice(start).join('');
  const given = start > 0 ? words[0] : '';
  return { words, given, surname, compact: words.join('') };
}
