/**
 * American Soundex (the census rules, with H and W not separating equal codes): a surname's sound
 * as a letter and three digits, "obrien" → "O165", "obrian" → "O165", "smith"/"smyth" → "S530".
 * The matcher looks people up by it so that a surname typed with a small error still finds them.
 * Pure; expects a folded word (a–z; anything else is ignored).
 */
const CODES: Record<string, string> = {
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

export function soundex(word: string): string {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!letters) return '';
  let out = letters[0].toUpperCase();
  let last = CODES[letters[0]] ?? '';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const ch = letters[i];
    const code = CODES[ch];
    if (code) {
      if (code !== last) out += code;
      last = code;
    } else if (ch !== 'h' && ch !== 'w') {
      last = ''; // a vowel separates two equal codes; H and W do not
    }
  }
  return out.padEnd(4, '0');
}
