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
export class NameMatcher {
  private readonly byFirstWord = new Map<string, Candidate[]>();

  constructor(names: NameReplacement[], minWords = 1) {
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
        const list = this.byFirstWord.get(words[0]);
        if (list) list.push({ words, replacement });
        else this.byFirstWord.set(words[0], [{ words, replacement }]);
      }
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  get size(): number {
    return this.byFirstWord.size;
  }

  /** The longest name starting at token i, or undefined. */
  matchAt(text: string, tokens: Token[], i: number): Candidate | undefined {
    const candidates = this.byFirstWord.get(tokens[i].word);
    if (!candidates) return undefined;
    return candidates.find(
      (c) =>
        i + c.words.length <= tokens.length &&
        c.words.every(
          (w, k) =>
            tokens[i + k].word === w &&
            (k === 0 || NAME_GAP.test(text.slice(tokens[i + k - 1].end, tokens[i + k].start))),
        ),
    );
  }
}

interface Token {
  word: string;
  start: number;
  end: number;
}

/**
 * Replaces names in a text: at each word, the longest name any matcher knows wins; between equally
 * long names, the earlier matcher (e.g. the case's own member before every other member).
 */
export function replaceNames(text: string, matchers: NameMatcher[]): string {
  if (!text) return text;
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD))
    tokens.push({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  let out = '';
  let copied = 0;
  for (let i = 0; i < tokens.length; i++) {
    let hit: Candidate | undefined;
    for (const matcher of matchers) {
      const found = matcher.matchAt(text, tokens, i);
      if (found && (!hit || found.words.length > hit.words.length)) hit = found;
    }
    if (!hit) continue;
    out +=
      text.slice(copied, tokens[i].start) +
      (typeof hit.replacement === 'string' ? hit.replacement : hit.replacement());
    copied = tokens[i + hit.words.length - 1].end;
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
  const identifiers = identifierRedactor(member);
  const own = new NameMatcher([
    { fullName: member.fullName, replacement: memberPseudonym(secret, member.id) },
    // Only users' full names: their first names alone are too often ordinary words or other people.
    ...recorders.map((r) => ({ fullName: r.fullName, replacement: r.role, forms: 'full' as const })),
  ]);
  const matchers = otherMembers ? [own, otherMembers.matcher] : [own];
  return (text) => replaceNames(identifiers(text), matchers);
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
  const patterns: string[] = [];
  for (const literal of [member.email, member.membershipNumber]) {
    if (literal && literal.trim().length >= 2) patterns.push(escapeRegExp(literal.trim()));
  }
  const digits = (member.phone ?? '').replace(/\D/g, '');
  if (digits.length >= MIN_PHONE_DIGITS) {
    // +44 7700 may be written 07700: the last 9 digits identify the line, whatever comes before.
    const tail = digits.slice(-9);
    patterns.push(`\\+?[\\d\\s().-]{0,6}?${tail.split('').join('[\\s().-]*')}`);
  }
  if (patterns.length === 0) return (text) => text;
  // Cheap substring checks first: the pattern is compiled only for a member whose details a text
  // actually quotes, which keeps a million-row export from compiling one per member.
  const probes = [member.email, member.membershipNumber]
    .filter((v): v is string => Boolean(v && v.trim().length >= 2))
    .map((v) => v.trim().toLowerCase());
  const phoneTail = digits.length >= MIN_PHONE_DIGITS ? digits.slice(-9) : null;
  let pattern: RegExp | undefined;
  return (text) => {
    if (!text) return text;
    const lower = text.toLowerCase();
    const quoted =
      probes.some((p) => lower.includes(p)) ||
      (phoneTail !== null && text.replace(/\D/g, '').includes(phoneTail));
    if (!quoted) return text;
    pattern ??= new RegExp(`${WORD_BEFORE}(?:${patterns.join('|')})${WORD_AFTER}`, 'giu');
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
