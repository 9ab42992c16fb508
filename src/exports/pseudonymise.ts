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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Letters, marks and digits of any script count as "word": "Ann" inside "Annual" or "Joanne" is
// left alone, while an apostrophe, hyphen or punctuation ends the word ("Ann's", "Ann-Marie").
const WORD_BEFORE = '(?<![\\p{L}\\p{M}\\p{N}_])';
const WORD_AFTER = '(?![\\p{L}\\p{M}\\p{N}_])';
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
/** What may stand between the words of a name in running text: spaces, apostrophes, hyphens, dots. */
const NAME_GAP = /^[\s'’.-]+$/u;

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
const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/uy;

/** Length in code units of the word character at i, or 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128)
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? 1 : 0;
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

/**
 * Replaces names in a text: at each word, the longest name any matcher knows wins; between equally
 * long names, the earlier matcher (e.g. the case's own member before every other member).
 * `lower` is the text lower-cased, when the caller has it already.
 */
export function replaceNames(text: string, matchers: NameMatcher[], lower?: string): string {
  if (!text) return text;
  const tokens = tokenize(text, lower ?? text.toLowerCase());
  let out = '';
  let copied = 0;
  for (let i = 0; i < tokens.words.length; i++) {
    let hit: Candidate | undefined;
    for (const matcher of matchers) {
      const found = matcher.matchAt(text, tokens, i);
      if (found && (!hit || found.words.length > hit.words.length)) hit = found;
    }
    if (!hit) continue;
    out +=
      text.slice(copied, tokens.starts[i]) +
      (typeof hit.replacement === 'string' ? hit.replacement : hit.replacement());
    copied = tokens.ends[i + hit.words.length - 1];
    i += hit.words.length - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
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
 * member's own name forms). Matchers in order of precedence: the member, the recorders, every
 * other member; at each word the longest name wins, and the earlier matcher between equals.
 */
export function memberRedactor(
  member: MemberRecord,
  pseudonym: string,
  recorders: Recorder[] = [],
  otherMembers?: MemberNameIndex,
): Redactor {
  const identifiers = identifierCheck(member);
  const matchers = [new NameMatcher([{ fullName: member.fullName, replacement: pseudonym }])];
  if (recorders.length) matchers.push(recorderMatcher(recorders));
  if (otherMembers) matchers.push(otherMembers.matcher);
  // The text is lower-cased once, for the identifier probes and the name matching both.
  return (text) => {
    if (!text) return text;
    const lower = text.toLowerCase();
    const cleaned = identifiers ? identifiers(text, lower) : text;
    return replaceNames(cleaned, matchers, cleaned === text ? lower : undefined);
  };
}

/** Stands in for the member's email, phone or membership number quoted in free text. */
export const REDACTED_IDENTIFIER = '[redacted]';
const MIN_PHONE_DIGITS = 6;

/**
 * The member's email, phone and membership number where free text quotes them: emails and
 * membership numbers case-insensitively, phones by their digits whatever the spacing
 * ("07700 900111", "07700-900-111").
 */
export function identifierRedactor(
  member: Pick<MemberRecord, 'email' | 'phone' | 'membershipNumber'>,
): Redactor {
  const redact = identifierCheck(member);
  return redact ? (text) => (text ? redact(text, text.toLowerCase()) : text) : (text) => text;
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

/** identifierRedactor's work, given the text lower-cased; null when the member has no identifier. */
function identifierCheck(
  member: Pick<MemberRecord, 'email' | 'phone' | 'membershipNumber'>,
): ((text: string, lower: string) => string) | null {
  const literals = [member.email, member.membershipNumber]
    .map((v) => v?.trim())
    .filter((v): v is string => Boolean(v && v.length >= 2));
  const digits = (member.phone ?? '').replace(/\D/g, '');
  // +44 7700 may be written 07700: the last 9 digits identify the line, whatever comes before.
  const phoneTail = digits.length >= MIN_PHONE_DIGITS ? digits.slice(-9) : null;
  if (literals.length === 0 && phoneTail === null) return null;
  // Cheap substring checks first: the pattern is compiled only for a member whose details a text
  // actually quotes, which keeps a million-row export from compiling one per member. A text with
  // fewer digits than the phone's tail cannot quote the phone.
  const probes = literals.map((v) => v.toLowerCase());
  let pattern: RegExp | undefined;
  const compile = () => {
    const patterns = literals.map(escapeRegExp);
    if (phoneTail !== null) patterns.push(`\\+?[\\d\\s().-]{0,6}?${phoneTail.split('').join('[\\s().-]*')}`);
    return new RegExp(`${WORD_BEFORE}(?:${patterns.join('|')})${WORD_AFTER}`, 'giu');
  };
  return (text, lower) => {
    const quoted =
      probes.some((p) => lower.includes(p)) ||
      (phoneTail !== null &&
        countDigits(text) >= phoneTail.length &&
        text.replace(/\D/g, '').includes(phoneTail));
    if (!quoted) return text;
    pattern ??= compile();
    return text.replace(pattern, REDACTED_IDENTIFIER);
  };
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
