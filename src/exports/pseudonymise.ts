import { createHmac } from 'node:crypto';

/**
 * Pseudonymisation of exports (PRODUCT.md, "Pseudonymisation"). Pure: no Nest, no database.
 *
 * - a member becomes `M-` + the first 10 hex digits of HMAC-SHA256(secret, member id);
 * - email, phone and membership number are dropped;
 * - the member's full, first and last name are replaced wherever they appear in free text:
 *   case-insensitive, whole words only, possessives included ("Ann's" → "M-…'s"), longest
 *   name first so "Ann Lee" is replaced as one before "Ann" could be;
 * - the people who recorded events are shown as their role.
 */

export const PSEUDONYM_PREFIX = 'M-';
const PSEUDONYM_HEX_DIGITS = 10;

export function memberPseudonym(secret: string, memberId: string): string {
  const hex = createHmac('sha256', secret).update(memberId).digest('hex');
  return PSEUDONYM_PREFIX + hex.slice(0, PSEUDONYM_HEX_DIGITS);
}

/** Particles that belong to a surname but are common words on their own ("de", "van"). */
const NAME_PARTICLES = new Set([
  'al',
  'ap',
  'bin',
  'da',
  'das',
  'de',
  'del',
  'della',
  'den',
  'der',
  'di',
  'do',
  'dos',
  'du',
  'el',
  'la',
  'le',
  'st',
  'ter',
  'van',
  'von',
]);

/** Single letters ("J." initials) are not replaced on their own: they would erase every "a". */
const MIN_NAME_PART_LENGTH = 2;

/**
 * The forms of a name to look for: the full name, the first name, the last name (with and without
 * its particles: "van Dijk" and "Dijk"), and middle names. Honorific-free, trimmed, de-duplicated.
 */
export function nameForms(fullName: string): string[] {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  // The full name as written ("J. Bloggs"); its parts without surrounding punctuation ("J", "Bloggs").
  const forms = new Set<string>([words.join(' ')]);
  const parts = words.map((p) => p.replace(/^[.,;:]+|[.,;:]+$/g, '')).filter(Boolean);
  const useful = (p: string) => p.replace(/\./g, '').length >= MIN_NAME_PART_LENGTH;
  // The surname starts at the first particle after the first name ("Maria de la Cruz" → "de la Cruz").
  let surnameStart = parts.length - 1;
  while (surnameStart > 1 && NAME_PARTICLES.has(parts[surnameStart - 1].toLowerCase())) surnameStart--;
  if (parts.length > 1) {
    forms.add(parts.slice(surnameStart).join(' '));
    for (let i = surnameStart; i < parts.length; i++) {
      if (!NAME_PARTICLES.has(parts[i].toLowerCase())) forms.add(parts.slice(i).join(' '));
    }
  }
  for (const part of parts.slice(0, surnameStart)) {
    if (!NAME_PARTICLES.has(part.toLowerCase())) forms.add(part);
  }
  return [...forms].filter(useful);
}

export interface NameReplacement {
  /** The name as stored (e.g. a member's full name). */
  fullName: string;
  /** What each of its forms becomes (a pseudonym, or a role); a function is called on first use. */
  replacement: string | (() => string);
  /** 'all': full, first, last and middle names (members); 'full': the full name only (users). */
  forms?: 'all' | 'full';
}

// Letters, marks and digits of any script count as "word": "Ann" inside "Annual" or "Joanne" is
// left alone, while an apostrophe, hyphen or punctuation ends the word ("Ann's", "Ann-Marie").
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** What may stand between the words of a name in running text: spaces, apostrophes, hyphens, dots, underscores. */
const NAME_GAP = /^[\s'’._-]+$/u;

export type Redactor = (text: string) => string;

interface Candidate {
  words: string[];
  replacement: string | (() => string);
}

/**
 * Names as sequences of lower-cased words, looked up by their first word. Matching walks the words
 * of a text once and looks each up in a map, so it costs the same for one name or for the names
 * of every member — no regular expression is built per name.
 */
const FEW_NAMES = 8;

export class NameMatcher {
  private readonly byFirstWord: Map<string, Candidate[]> | null = null;
  /** Few names (one member's forms): one list, longest first, is smaller and quicker to build. */
  private readonly few: Candidate[] | null = null;
  /** How many different first words the names have. */
  readonly size: number;

  constructor(names: NameReplacement[], minWords = 1) {
    const all: Candidate[] = [];
    const seen = new Set<string>();
    for (const { fullName, replacement, forms = 'all' } of names) {
      const found = forms === 'all' ? nameForms(fullName) : [fullName];
      for (const form of forms === 'all' ? found : found.slice(0, 1)) {
        const words: string[] = form.toLowerCase().match(WORD) ?? [];
        if (words.length < minWords || words.length === 0) continue;
        // An earlier (more specific) name keeps a form two people share.
        const key = words.join(' ');
        if (seen.has(key)) continue;
        seen.add(key);
        all.push({ words, replacement });
      }
    }
    if (all.length <= FEW_NAMES) {
      // A stable sort keeps the order of names of equal length, as the lists of the map do.
      this.few = all.sort((a, b) => b.words.length - a.words.length);
      this.size = new Set(all.map((c) => c.words[0])).size;
      return;
    }
    const byFirstWord = new Map<string, Candidate[]>();
    for (const c of all) {
      const list = byFirstWord.get(c.words[0]);
      if (list) list.push(c);
      else byFirstWord.set(c.words[0], [c]);
    }
    for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
    this.byFirstWord = byFirstWord;
    this.size = byFirstWord.size;
  }

  /** The longest name starting at token i, or undefined. */
  matchAt(text: string, tokens: Tokens, i: number): Candidate | undefined {
    const word = tokens.words[i];
    if (this.few) {
      for (const c of this.few) if (c.words[0] === word && matchesAt(c.words, text, tokens, i)) return c;
      return undefined;
    }
    const candidates = this.byFirstWord!.get(word);
    if (!candidates) return undefined;
    for (const c of candidates) if (matchesAt(c.words, text, tokens, i)) return c;
    return undefined;
  }
}

function matchesAt(words: string[], text: string, tokens: Tokens, i: number): boolean {
  if (i + words.length > tokens.words.length) return false;
  for (let k = 1; k < words.length; k++) {
    if (tokens.words[i + k] !== words[k]) return false;
    if (!NAME_GAP.test(text.slice(tokens.ends[i + k - 1], tokens.starts[i + k]))) return false;
  }
  return true;
}

/** The words of a text, lower-cased, with where each starts and ends in the text. */
interface Tokens {
  words: string[];
  starts: number[];
  ends: number[];
}

/** One word character (as in WORD) at lastIndex, for code points beyond ASCII. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/uy;

/** Length in code units of the word character at i, or 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  WORD_CHAR.lastIndex = i;
  return WORD_CHAR.test(text) ? WORD_CHAR.lastIndex - i : 0;
}

/**
 * The words WORD finds in a text, in one pass without a match object per word. Words are cut from
 * the lower-cased text when lower-casing kept every character in its place (no "İ", whose lower
 * case is two characters, and no "Σ", whose lower case depends on what follows it); otherwise each
 * word is lower-cased on its own.
 */
function tokenize(text: string, lower: string): Tokens {
  const aligned = lower.length === text.length && !text.includes('Σ');
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let len = wordCharAt(text, i);
    if (len === 0) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      continue;
    }
    const start = i;
    do i += len;
    while (i < n && (len = wordCharAt(text, i)) > 0);
    words.push(aligned ? lower.slice(start, i) : text.slice(start, i).toLowerCase());
    starts.push(start);
    ends.push(i);
  }
  return { words, starts, ends };
}

/** A stretch of a text to replace, [start, end) in UTF-16 units. */
interface Span {
  start: number;
  end: number;
  replacement: string | (() => string);
  /** How much of the text the name itself covered (a longer name wins an overlap). */
  weight: number;
  /** Lower wins an overlap between equally long names (the case's own member is 0). */
  rank: number;
}

/**
 * Where the names of the matchers stand in a text: at each word, the longest name any matcher
 * knows; between equally long names, the earlier matcher's. `lower` is the text lower-cased.
 */
function nameSpans(text: string, matchers: NameMatcher[], lower: string, rankFrom = 0): Span[] {
  const tokens = tokenize(text, lower);
  const spans: Span[] = [];
  for (let i = 0; i < tokens.words.length; i++) {
    let hit: Candidate | undefined;
    let rank = 0;
    for (let m = 0; m < matchers.length; m++) {
      const found = matchers[m].matchAt(text, tokens, i);
      if (found && (!hit || found.words.length > hit.words.length)) {
        hit = found;
        rank = rankFrom + m;
      }
    }
    if (!hit) continue;
    const end = tokens.ends[i + hit.words.length - 1];
    spans.push({
      start: tokens.starts[i],
      end,
      replacement: hit.replacement,
      weight: end - tokens.starts[i],
      rank,
    });
    i += hit.words.length - 1;
  }
  return spans;
}

/**
 * Replaces the spans: overlapping spans become one, replaced by the longest name among them (the
 * lowest rank between equals) — whatever of a name overlaps another is never left half in place.
 */
function applySpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let copied = 0;
  for (let i = 0; i < spans.length;) {
    let { end } = spans[i];
    let best = spans[i];
    let k = i + 1;
    for (; k < spans.length && spans[k].start < end; k++) {
      const s = spans[k];
      end = Math.max(end, s.end);
      if (s.weight > best.weight || (s.weight === best.weight && s.rank < best.rank)) best = s;
    }
    out +=
      text.slice(copied, spans[i].start) +
      (typeof best.replacement === 'string' ? best.replacement : best.replacement());
    copied = end;
    i = k;
  }
  return out + text.slice(copied);
}

/**
 * Replaces names in a text: at each word, the longest name any matcher knows wins; between equally
 * long names, the earlier matcher (e.g. the case's own member before every other member).
 * `lower` is the text lower-cased, when the caller has it already.
 */
export function replaceNames(text: string, matchers: NameMatcher[], lower?: string): string {
  if (!text) return text;
  return applySpans(text, nameSpans(text, matchers, lower ?? text.toLowerCase()));
}

/**
 * Builds a function that replaces every form of every given name in a text, case-insensitively,
 * whole words only, longest name first at each position ("Ann Lee" before "Ann").
 */
export function buildRedactor(names: NameReplacement[]): Redactor {
  const matcher = new NameMatcher(names);
  if (matcher.size === 0) return (text) => text;
  return (text) => replaceNames(text, [matcher]);
}

export interface MemberRecord {
  id: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  membershipNumber?: string | null;
  /** Other names the member is known by (earlier names, short forms): replaced like the full name. */
  aliases?: readonly string[] | null;
  region?: string | null;
  constituencyParty?: string | null;
}

export interface PseudonymisedMember {
  pseudonym: string;
  region: string | null;
  constituencyParty: string | null;
}

/** What of a member a pseudonymised export may show: the pseudonym and where, never who. */
export function pseudonymiseMember(secret: string, member: MemberRecord): PseudonymisedMember {
  return {
    pseudonym: memberPseudonym(secret, member.id),
    region: member.region ?? null,
    constituencyParty: member.constituencyParty ?? null,
  };
}

export interface FreeText {
  title: string;
  description: string | null;
  source: string | null;
  summary?: string | null;
}

/** Replaces the names in every free-text field of an event (and a case summary, when given). */
export function redactFreeText<T extends FreeText>(redact: Redactor, text: T): T {
  return {
    ...text,
    title: redact(text.title),
    description: text.description === null ? null : redact(text.description),
    source: text.source === null ? null : redact(text.source),
    ...(text.summary !== undefined ? { summary: text.summary === null ? null : redact(text.summary) } : {}),
  };
}

export interface Recorder {
  fullName: string;
  role: string;
}

/**
 * The redactor for one case's events: the member's names become the pseudonym, and the full
 * names of the people who recorded events become their role. The member comes first: a name the
 * member shares with a user is the member's.
 */
export function caseRedactor(
  secret: string,
  member: MemberRecord,
  recorders: Recorder[] = [],
  otherMembers?: MemberNameIndex,
): Redactor {
  return memberRedactor(member, memberPseudonym(secret, member.id), recorders, otherMembers);
}

/** The recorders' matcher, built once per list of recorders (an export passes the same list). */
const recorderMatchers = new WeakMap<Recorder[], NameMatcher>();

function recorderMatcher(recorders: Recorder[]): NameMatcher {
  let matcher = recorderMatchers.get(recorders);
  if (!matcher) {
    // Only users' full names: their first names alone are too often ordinary words or other people.
    matcher = new NameMatcher(
      recorders.map((r) => ({ fullName: r.fullName, replacement: r.role, forms: 'full' as const })),
    );
    recorderMatchers.set(recorders, matcher);
  }
  return matcher;
}

/**
 * caseRedactor with the member's pseudonym already computed (an export computes it once per
 * member and builds redactors often: this costs a few microseconds and keeps nothing but the
 * member's own name forms). In order:
 *
 * 1. identifiers: the member's email, phone and membership number in any spelling, then any
 *    e-mail address, anything written like a phone number or a membership number;
 * 2. names: the member's names (full name and aliases) in every form memberNameForms lists, found
 *    on the folded text (so in file names and run together too); the recorders' full names; every
 *    other member's full name. Where two overlap, the longer name wins, the member between equals,
 *    and the whole overlap is replaced.
 */
export function memberRedactor(
  member: MemberRecord,
  pseudonym: string,
  recorders: Recorder[] = [],
  otherMembers?: MemberNameIndex,
): Redactor {
  const identifiers = identifierCheck(member);
  const names = new MemberNames([member.fullName, ...(member.aliases ?? [])]);
  const matchers: NameMatcher[] = [];
  if (recorders.length) matchers.push(recorderMatcher(recorders));
  if (otherMembers && otherMembers.size > 0) matchers.push(otherMembers.matcher);
  return (text) => {
    if (!text) return text;
    // Lower-cased and folded once, for the identifiers' probes and the names' both.
    let lower = text.toLowerCase();
    let folded = foldText(text, lower);
    const cleaned = identifiers(text, lower, folded);
    if (cleaned !== text) {
      lower = cleaned.toLowerCase();
      folded = foldText(cleaned, lower);
    }
    const spans = names.spans(cleaned, folded, pseudonym);
    if (matchers.length) {
      const others = nameSpans(cleaned, matchers, lower, 1);
      if (others.length) spans.push(...others);
    }
    return applySpans(cleaned, spans);
  };
}

// ---------------------------------------------------------------------------------------------
// Names as they really appear: folded text and word boundaries

/** Letters that NFKD leaves whole (no base letter and mark to split into), and the final sigma. */
const LETTER_FOLDS: Record<string, string> = {
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŀ: 'l',
  ŧ: 't',
  ς: 'σ',
};
const LETTER_FOLD = /[łđðøæœßþıħŀŧς]/g;
// eslint-disable-next-line no-control-regex -- any ASCII character, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const NOT_ALNUM_ASCII = /[^a-z0-9]+/g;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/**
 * A text as names are compared: lower case, accents removed, letters and digits only
 * ("O'Brien-Żak's" → "obrienzaks"). `lower` is the text lower-cased, when the caller has it.
 */
export function foldText(text: string, lower?: string): string {
  if (ASCII_ONLY.test(text)) return (lower ?? text.toLowerCase()).replace(NOT_ALNUM_ASCII, '');
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(LETTER_FOLD, (c) => LETTER_FOLDS[c])
    .replace(NOT_ALNUM, '');
}

/** The folded text and, for each of its characters, where the character it came from starts. */
interface FoldedText {
  text: string;
  at: number[];
}

const codePointFolds = new Map<number, string>();

function foldCodePoint(cp: number): string {
  let folded = codePointFolds.get(cp);
  if (folded === undefined) {
    folded = foldText(String.fromCodePoint(cp));
    if (codePointFolds.size < 10_000) codePointFolds.set(cp, folded);
  }
  return folded;
}

/** foldText, one code point at a time, keeping where each folded character came from. */
function foldWithMap(text: string, folded?: string): FoldedText {
  const at: number[] = [];
  if (folded !== undefined && ASCII_ONLY.test(text)) {
    // The folded text is known: only where each of its characters came from is wanted.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) at.push(i);
    }
    return { text: folded, at };
  }
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        out += text[i];
        at.push(i);
      } else if (c >= 65 && c <= 90) {
        out += String.fromCharCode(c + 32);
        at.push(i);
      }
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const folded = foldCodePoint(cp);
    for (let k = 0; k < folded.length; k++) at.push(i);
    out += folded;
    i += cp > 0xffff ? 2 : 1;
  }
  return { text: out, at };
}

const enum Kind {
  Other,
  Lower,
  Upper,
  Digit,
  Mark,
}

const UPPER = /^[\p{Lu}\p{Lt}]$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{N}$/u;
const MARK = /^\p{M}$/u;

function kindAt(text: string, i: number): Kind {
  const c = text.charCodeAt(i);
  if (c < 128) {
    if (c >= 97 && c <= 122) return Kind.Lower;
    if (c >= 65 && c <= 90) return Kind.Upper;
    if (c >= 48 && c <= 57) return Kind.Digit;
    return Kind.Other;
  }
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  if (UPPER.test(ch)) return Kind.Upper;
  if (LETTER.test(ch)) return Kind.Lower;
  if (DIGIT.test(ch)) return Kind.Digit;
  if (MARK.test(ch)) return Kind.Mark;
  return Kind.Other;
}

function previousIndex(text: string, i: number): number {
  const c = text.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? i - 2 : i - 1;
}

function nextIndex(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
}

/**
 * Whether a word may start or end at i: at either end of the text; between a letter or digit and
 * anything else (space, punctuation, "_", "."); between letters and digits ("obrien|2024");
 * between a small and a capital letter ("Margaret|OBrien") and before the last capital of a run
 * followed by a small one ("O|Brien"). A mark belongs to the letter before it.
 */
function isBoundary(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  const after = kindAt(text, i);
  if (after === Kind.Mark) return false;
  let p = previousIndex(text, i);
  let before = kindAt(text, p);
  while (before === Kind.Mark && p > 0) {
    p = previousIndex(text, p);
    before = kindAt(text, p);
  }
  if (before === Kind.Other || before === Kind.Mark || after === Kind.Other) return true;
  if ((before === Kind.Digit) !== (after === Kind.Digit)) return true;
  if (before === Kind.Lower && after === Kind.Upper) return true;
  if (before === Kind.Upper && after === Kind.Upper) {
    const n = nextIndex(text, i);
    return n < text.length && kindAt(text, n) === Kind.Lower;
  }
  return false;
}

/** A member's name as it may be written, folded (foldText). */
export interface NameForm {
  folded: string;
  /**
   * Replaced even inside a longer word: two whole names run together ("margaretobrien") are never
   * an ordinary word, so "scan_margaretobrienletter.pdf" is caught. Single names and forms with
   * initials need a word boundary at both ends, else "Ann" would be taken out of "Annual" and
   * "M. Porter" out of "importer".
   */
  anywhere: boolean;
  /** Ends with an initial ("obrienm" for "O'Brien, M."): never the s of a possessive ("O'Brien's"). */
  trailingInitial: boolean;
}

/** Forms shorter than this are not replaced alone: an initial would erase every "a". */
const MIN_FORM_LENGTH = 2;
/** Two names run together at least this long are replaced anywhere (NameForm.anywhere). */
const ANYWHERE_LENGTH = 8;
const HYPHENS = /[-‐‑–]/;

/** A name's words, "Surname, First" turned round, punctuation around each word dropped. */
function nameParts(name: string): string[] {
  let n = name.trim();
  const comma = n.indexOf(',');
  if (comma > 0) n = `${n.slice(comma + 1)} ${n.slice(0, comma)}`;
  return n
    .split(/\s+/)
    .map((p) => p.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

/**
 * Every form of a member's names (full name and aliases) to look for, folded, longest first:
 * the whole name; each given name; the surname with and without its particles ("van Dijk",
 * "Dijk") and each half of a hyphenated one; first name and surname either way round
 * ("O'Brien, Margaret"); and with initials ("M. O'Brien", "M M O'Brien", "O'Brien, M.").
 */
export function memberNameForms(names: readonly string[]): NameForm[] {
  const forms = new Map<string, NameForm>();
  const add = (folded: string, anywhere = false, trailingInitial = false) => {
    if (folded.length < MIN_FORM_LENGTH) return;
    const known = forms.get(folded);
    forms.set(folded, {
      folded,
      anywhere: anywhere || (known?.anywhere ?? false),
      trailingInitial: trailingInitial && (known?.trailingInitial ?? true),
    });
  };
  const joined = (pieces: string[]) => {
    const folded = pieces.join('');
    add(
      folded,
      pieces.length > 1 && pieces.every((p) => p.length > 1) && folded.length >= ANYWHERE_LENGTH,
      pieces.length > 1 && pieces[pieces.length - 1].length === 1,
    );
  };
  const isParticle = (p: string) => NAME_PARTICLES.has(p.toLowerCase());
  for (const name of names) {
    const parts = nameParts(name);
    if (parts.length === 0) continue;
    // The surname starts at the first particle after the first name ("Maria de la Cruz").
    let surnameStart = parts.length - 1;
    while (surnameStart > 1 && isParticle(parts[surnameStart - 1])) surnameStart--;
    const givens = parts
      .slice(0, surnameStart)
      .filter((p) => !isParticle(p))
      .map((p) => foldText(p))
      .filter(Boolean);
    const surnames = new Set<string>();
    for (let i = surnameStart; i < parts.length; i++) {
      if (i === surnameStart || !isParticle(parts[i])) surnames.add(foldText(parts.slice(i).join('')));
    }
    for (const part of parts.slice(surnameStart)) {
      if (!HYPHENS.test(part)) continue;
      for (const half of part.split(HYPHENS)) if (!isParticle(half)) surnames.add(foldText(half));
    }
    surnames.delete('');
    joined(parts.map((p) => foldText(p)).filter(Boolean));
    for (const g of givens) add(g);
    for (const s of surnames) add(s);
    if (givens.length === 0) continue;
    const initials = givens.map((g) => g[0]);
    for (const s of surnames) {
      joined([givens[0], s]);
      joined([s, givens[0]]);
      joined([...givens, s]);
      joined([s, ...givens]);
      joined([initials[0], s]);
      joined([s, initials[0]]);
      joined([...initials, s]);
      joined([s, ...initials]);
    }
  }
  return [...forms.values()].sort((a, b) => b.folded.length - a.folded.length);
}

const RUN_TOGETHER = /^[\p{L}\p{M}\p{N}]*$/u;
const NAME_INSIDE = /^[\p{L}\p{M}\p{N}\s'’`._,‐‑–-]*$/u;

/** One member's names, found in a text by memberNameForms' forms. */
export class MemberNames {
  readonly forms: NameForm[];
  /**
   * The forms that contain no other form: a folded text holds some form only if it holds one of
   * these, so a text that holds none is passed over after a few substring checks.
   */
  private readonly probes: string[];
  /** For each form, a probe it holds: a text without that probe cannot hold the form. */
  private readonly probeOf: number[];

  constructor(names: readonly string[]) {
    this.forms = memberNameForms(names);
    const folded = this.forms.map((f) => f.folded);
    this.probes = folded.filter((f) => !folded.some((o) => o !== f && f.includes(o)));
    this.probeOf = folded.map((f) => this.probes.findIndex((p) => f.includes(p)));
  }

  /** Where the forms stand in a text (`quick`: the text folded, foldText). */
  spans(text: string, quick: string, replacement: string): Span[] {
    let present = 0;
    for (let p = 0; p < this.probes.length; p++) if (quick.includes(this.probes[p])) present |= 1 << p;
    if (present === 0) return [];
    const folded = foldWithMap(text, quick);
    const spans: Span[] = [];
    for (let f = 0; f < this.forms.length; f++) {
      if ((present & (1 << this.probeOf[f])) === 0) continue;
      const form = this.forms[f];
      for (let j = folded.text.indexOf(form.folded); j !== -1; j = folded.text.indexOf(form.folded, j + 1)) {
        const last = j + form.folded.length - 1;
        const start = folded.at[j];
        // A character that folds to several (ß → ss) is taken whole or not at all.
        if (j > 0 && folded.at[j - 1] === start) continue;
        if (last + 1 < folded.at.length && folded.at[last + 1] === folded.at[last]) continue;
        if (!form.anywhere && !isBoundary(text, start)) continue;
        let end = nextIndex(text, folded.at[last]);
        while (end < text.length && kindAt(text, end) === Kind.Mark) end = nextIndex(text, end);
        // Between the letters of a name: spaces, apostrophes, dots, hyphens, underscores, a comma
        // ("O'Brien, M."), nothing else — "(Ann), \"Example\"" is two names, not one.
        const written = text.slice(start, end);
        if (!NAME_INSIDE.test(written)) continue;
        if (form.trailingInitial && (text[end - 2] === "'" || text[end - 2] === '’')) continue;
        // Run together means no gap at all: "Joann Example" does not hold "Ann Example".
        if (!form.anywhere || !RUN_TOGETHER.test(written)) {
          if (!isBoundary(text, start)) continue;
          if (!isBoundary(text, end)) {
            // A plural or possessive without its apostrophe ("the O'Briens", "Jones's" aside).
            if ((text[end] === 's' || text[end] === 'S') && isBoundary(text, end + 1)) end++;
            else continue;
          }
        }
        spans.push({ start, end, replacement, weight: end - start, rank: 0 });
      }
    }
    return spans;
  }
}

// ---------------------------------------------------------------------------------------------
// Identifiers: e-mail addresses, phone numbers, membership numbers

/** Stands in for an email, phone or membership number quoted in free text. */
export const REDACTED_IDENTIFIER = '[redacted]';

/** An e-mail address, with or without a top-level domain. */
const EMAIL = /[\p{L}\p{N}._%+'’-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/gu;
/**
 * Digits with what phone numbers are written with between them: "+44 (0)7700 900123",
 * "0044-7700-900-123", "07700.900.123", "(07700) 900 123". looksLikePhone decides.
 */
const PHONE = /(?<![0-9])\+?\(?\+?[0-9](?:[ \t\u00a0.()/-]{0,3}[0-9])+/g;
/** Dates are digits with separators too: "2024-01-15", "15.01.2024", "15/01/2024". */
const DATE_INSIDE = /[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}[./-][0-9]{2}[./-][0-9]{4}/;
const PHONE_PREFIX = /^[+(]*[+0]/;
/**
 * A membership number as installations write them: a few letters and at least five digits
 * ("L123456", "l-123456", "L 123456"; a space only after capitals, else "and 12345" would be one).
 */
const MEMBERSHIP_NUMBER = /(?:[A-Za-z]{1,3}-?|[A-Z]{1,2} )[0-9]{5,}(?![\p{L}\p{N}])/gu;
/** Fewer digits than this after a + or 0 (or than this + 1 without) are not taken for a phone. */
const MIN_PHONE_DIGITS = 9;
/** E.164 allows 15 digits; "00" and a trunk "(0)" may come on top. */
const MAX_PHONE_DIGITS = 17;

function looksLikePhone(candidate: string): boolean {
  const digits = countDigits(candidate);
  const prefixed = PHONE_PREFIX.test(candidate);
  if (digits < (prefixed ? MIN_PHONE_DIGITS : MIN_PHONE_DIGITS + 1) || digits > MAX_PHONE_DIGITS)
    return false;
  return !DATE_INSIDE.test(candidate);
}

/**
 * Identifiers in free text: any e-mail address; any run of digits written like a phone number
 * (9 or more digits after a + or 0, 10 or more otherwise, dates excepted); anything written like a
 * membership number (letters and 5+ digits, starting a word). No member needed.
 */
export function redactAnyIdentifiers(text: string, digitsInText?: number): string {
  let out = text;
  if (out.includes('@')) out = out.replace(EMAIL, REDACTED_IDENTIFIER);
  const digits = digitsInText === undefined || out !== text ? countDigits(out) : digitsInText;
  if (digits >= MIN_PHONE_DIGITS)
    out = out.replace(PHONE, (m) => (looksLikePhone(m) ? REDACTED_IDENTIFIER : m));
  if (digits >= 5) {
    out = out.replace(MEMBERSHIP_NUMBER, (m, offset: number, whole: string) =>
      isBoundary(whole, offset) ? REDACTED_IDENTIFIER : m,
    );
  }
  return out;
}

/**
 * The member's email, phone and membership number where free text quotes them, and every other
 * identifier redactAnyIdentifiers finds.
 */
export function identifierRedactor(
  member: Pick<MemberRecord, 'email' | 'phone' | 'membershipNumber'>,
): Redactor {
  const redact = identifierCheck(member);
  return (text) => (text ? redact(text, text.toLowerCase()) : text);
}

/** Digits in a text, counted without building a new string. */
function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** A membership number this long or longer is replaced even inside a word ("obrienl123456"). */
const MEMBERSHIP_ANYWHERE_LENGTH = 5;

/**
 * identifierRedactor's work, given the text lower-cased and folded. First every identifier
 * redactAnyIdentifiers finds (an e-mail, anything written like a phone or a membership number),
 * then whatever of the member's own is left in a spelling no general pattern knows: the membership
 * number in any case, with separators between its characters, inside file names
 * ("obrienl123456"), and its digits alone; the phone by its last 9 digits (which identify the line
 * whatever the country or trunk prefix) with any separators. No pattern is compiled per member:
 * compiling one costs more than redacting a hundred texts, and keeping one per member would hold
 * tens of kilobytes each through a million-row export.
 */
function identifierCheck(
  member: Pick<MemberRecord, 'email' | 'phone' | 'membershipNumber'>,
): (text: string, lower: string, folded?: string) => string {
  const number = (member.membershipNumber ?? '').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
  const numberDigits = number.replace(/\D/g, '');
  const digitsAlone = numberDigits.length >= MEMBERSHIP_ANYWHERE_LENGTH && numberDigits !== number;
  const phoneDigits = (member.phone ?? '').replace(/\D/g, '');
  const phoneTail = phoneDigits.length >= 6 ? phoneDigits.slice(-9) : null;
  return (text, lower, folded = foldText(text, lower)) => {
    const digits = countDigits(text);
    let out = redactAnyIdentifiers(text, digits);
    if (number.length >= 2 && (out === text ? folded : foldText(out)).includes(number)) {
      out = redactNumber(out, number);
    }
    if (digitsAlone && digits >= numberDigits.length) {
      out = out.replace(DIGIT_RUN, (m) => (m.replace(/\D/g, '') === numberDigits ? REDACTED_IDENTIFIER : m));
    }
    if (phoneTail !== null && digits >= phoneTail.length) {
      out = out.replace(DIGITS_WITH_SEPARATORS, (m) =>
        m.replace(/\D/g, '').includes(phoneTail) ? REDACTED_IDENTIFIER : m,
      );
    }
    return out;
  };
}

/** A run of digits with at most one separator between two of them ("123 456", "123-456"). */
const DIGIT_RUN = /(?<![0-9])[0-9](?:[\s._/-]?[0-9])*(?![0-9])/g;
/** Digits with any of the separators phone numbers are written with, a + or ( before. */
const DIGITS_WITH_SEPARATORS = /(?<![0-9])[+(]*[0-9](?:[\s()./-]*[0-9])*/g;
const NUMBER_INSIDE = /^[\p{L}\p{M}\p{N}\s._/-]*$/u;

/**
 * The member's membership number (folded) wherever the folded text holds it: digits may not touch
 * it ("L1234567" is another number); letters may when it is 5 characters or more
 * ("obrienl123456"), a shorter one must stand alone.
 */
function redactNumber(text: string, number: string): string {
  const folded = foldWithMap(text);
  const startsWithDigit = /\d/.test(number[0]);
  const endsWithDigit = /\d/.test(number[number.length - 1]);
  const spans: Span[] = [];
  for (let j = folded.text.indexOf(number); j !== -1; j = folded.text.indexOf(number, j + 1)) {
    const start = folded.at[j];
    const end = nextIndex(text, folded.at[j + number.length - 1]);
    if (!NUMBER_INSIDE.test(text.slice(start, end))) continue;
    const before = start > 0 ? kindAt(text, previousIndex(text, start)) : Kind.Other;
    const after = end < text.length ? kindAt(text, end) : Kind.Other;
    if ((startsWithDigit && before === Kind.Digit) || (endsWithDigit && after === Kind.Digit)) continue;
    if (number.length < MEMBERSHIP_ANYWHERE_LENGTH && (before !== Kind.Other || after !== Kind.Other))
      continue;
    spans.push({ start, end, replacement: REDACTED_IDENTIFIER, weight: end - start, rank: 0 });
  }
  return applySpans(text, spans);
}

/**
 * Every member's full name, for the text of OTHER cases: a member named in someone else's case
 * ("met Robert Bloggs") is replaced by their pseudonym too. Only full names of two words or more:
 * a first or last name alone is ambiguous across thousands of members and often an ordinary word.
 */
export class MemberNameIndex {
  readonly matcher: NameMatcher;

  constructor(names: NameReplacement[]) {
    this.matcher = new NameMatcher(
      names.map((n) => ({ ...n, forms: 'full' as const })),
      2,
    );
  }

  get size(): number {
    return this.matcher.size;
  }

  replace(text: string): string {
    return this.matcher.size === 0 ? text : replaceNames(text, [this.matcher]);
  }
}
