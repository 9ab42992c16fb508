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
  const parts = fullName
    .trim()
    .split(/\s+/)
    .map((p) => p.replace(/^[.,;:]+|[.,;:]+$/g, ''))
    .filter(Boolean);
  if (parts.length === 0) return [];
  const forms = new Set<string>([parts.join(' ')]);
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
  /** What each of its forms becomes (a pseudonym, or a role). */
  replacement: string;
  /** 'all': full, first, last and middle names (members); 'full': the full name only (users). */
  forms?: 'all' | 'full';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern that matches the form in running text: any run of spaces between words, either apostrophe. */
function formPattern(form: string): string {
  return form
    .split(' ')
    .map((word) => escapeRegExp(word).replace(/['’]/g, "['’]"))
    .join('\\s+');
}

// Letters, marks and digits of any script count as "word": "Ann" inside "Annual" or "Joanne" is
// left alone, while an apostrophe, hyphen or punctuation ends the word ("Ann's", "Ann-Marie").
const WORD_BEFORE = '(?<![\\p{L}\\p{M}\\p{N}_])';
const WORD_AFTER = '(?![\\p{L}\\p{M}\\p{N}_])';

/** Stands in for a name whose replacement cannot be told (never expected; never leaks the name). */
export const REDACTED = '[name]';

export type Redactor = (text: string) => string;

/**
 * Builds a function that replaces every form of every given name in a text. All forms of all
 * names go into one alternation, longest first, so that overlapping names ("Ann Lee" and "Lee")
 * are replaced by the longest match at each position.
 */
export function buildRedactor(names: NameReplacement[]): Redactor {
  const byForm = new Map<string, string>();
  for (const { fullName, replacement, forms = 'all' } of names) {
    const found = nameForms(fullName);
    for (const form of forms === 'all' ? found : found.slice(0, 1)) {
      const key = form.toLowerCase();
      // An earlier (more specific) name keeps a form two people share.
      if (!byForm.has(key)) byForm.set(key, replacement);
    }
  }
  if (byForm.size === 0) return (text) => text;
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const pattern = new RegExp(`${WORD_BEFORE}(?:${forms.map(formPattern).join('|')})${WORD_AFTER}`, 'giu');
  const normalise = (match: string) => match.toLowerCase().replace(/\s+/g, ' ').replace(/’/g, "'");
  const lookup = new Map<string, string>();
  for (const [form, replacement] of byForm) lookup.set(normalise(form), replacement);
  // A match is always one of the forms; the fallback only guards against case-folding oddities.
  return (text) => (text ? text.replace(pattern, (match) => lookup.get(normalise(match)) ?? REDACTED) : text);
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
export function caseRedactor(secret: string, member: MemberRecord, recorders: Recorder[] = []): Redactor {
  return buildRedactor([
    { fullName: member.fullName, replacement: memberPseudonym(secret, member.id) },
    // Only users' full names: their first names alone are too often ordinary words or other people.
    ...recorders.map((r) => ({ fullName: r.fullName, replacement: r.role, forms: 'full' as const })),
  ]);
}
