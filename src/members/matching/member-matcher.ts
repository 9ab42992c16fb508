import { distance } from 'fastest-levenshtein';
import { normaliseEmail, normaliseMembershipNumber } from '../member-normalise';
import { foldText, nameParts, NameParts } from './name-fold';
import { givenNameForms, sameGivenName } from './nicknames';
import { soundex } from './soundex';

/**
 * Who may be the same person: the member matcher behind `GET /api/members/matches` and intake's
 * possible duplicates. Pure: the database only narrows the members to compare by the keys below
 * (see member-match-query.ts), and every reason and score is decided here.
 */

export const MATCH_REASONS = [
  'same_membership_number',
  'same_email',
  'same_phone',
  'same_name',
  'nickname',
  'initial',
  'similar_name',
  'alias',
  'same_constituency',
] as const;
export type MatchReason = (typeof MATCH_REASONS)[number];

/** What each reason adds to a score (capped at 100). `alias` says how a name matched, adds nothing. */
const WEIGHTS: Record<MatchReason, number> = {
  same_membership_number: 100,
  same_email: 70,
  same_phone: 60,
  same_name: 60,
  nickname: 50,
  initial: 40,
  similar_name: 40,
  alias: 0,
  same_constituency: 15,
};

type NameReason = 'same_name' | 'nickname' | 'initial' | 'similar_name';
const NAME_RANK: NameReason[] = ['same_name', 'nickname', 'initial', 'similar_name'];

/** What is known of the person being looked for; any of it may be missing. */
export interface MatchProbe {
  fullName?: string | null;
  membershipNumber?: string | null;
  email?: string | null;
  phone?: string | null;
  constituencyParty?: string | null;
}

export type AliasKind = 'name' | 'email' | 'phone';

/** A stored member as the matcher compares it, with the other names, emails and phones it is known by. */
export interface MatchCandidate {
  id: string;
  fullName: string;
  membershipNumber: string | null;
  email: string | null;
  phone: string | null;
  constituencyParty: string | null;
  aliases?: readonly { kind: AliasKind; value: string }[];
}

export interface MemberMatch<T extends MatchCandidate> {
  member: T;
  reasons: MatchReason[];
  /** 1–100: higher is likelier the same person. */
  score: number;
}

/** The keys a member (or a name alias) is stored and looked up by: indexed columns. */
export interface NameKeys {
  /** The whole name folded and run together ("margaretobrien"): what search compares. */
  nameKey: string;
  /**
   * The surname's Soundex followed by the first given name's ("O165M626"): people whose names may
   * match share it, or share its first five characters when one of them gave only an initial.
   * Null when the name has no letters.
   */
  matchKey: string | null;
}

export function nameKeys(name: string): NameKeys {
  const parts = nameParts(name);
  const surname = soundex(parts.surname);
  return { nameKey: parts.compact, matchKey: surname ? surname + soundex(parts.given) : null };
}

/**
 * A phone number's last nine digits: the national and international forms of one number share
 * them ("07700 900123", "+44 7700 900123", "0044 7700 900 123" → "700900123") whatever the
 * country's trunk and calling codes. Shorter numbers keep all their digits.
 */
export function phoneKey(phone: string | null | undefined): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  if (!digits) return null;
  return digits.length > 9 ? digits.slice(-9) : digits;
}

/**
 * The keys that narrow the members to compare with a probe: a member is compared when its
 * matchKey is one of `matchKeys` or starts with one of `matchPrefixes`, or it shares the
 * membership number, email or phone.
 */
export interface ProbeKeys {
  matchKeys: string[];
  matchPrefixes: string[];
  membershipNumber: string | null;
  email: string | null;
  phoneKey: string | null;
}

export function probeKeys(probe: MatchProbe): ProbeKeys {
  const parts = nameParts(probe.fullName ?? '');
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  const add = (given: string, surname: string) => {
    const s = soundex(surname);
    if (!s || !given) return;
    if (given.length === 1) {
      prefixes.add(s + given.toUpperCase()); // an initial: every given name it may stand for
      return;
    }
    keys.add(s + given[0].toUpperCase() + '000'); // stored with an initial only
    for (const form of givenNameForms(given)) keys.add(s + soundex(form));
  };
  add(parts.given, parts.surname);
  // A double surname typed with a space ("Mary Smith Jones"), and a name typed surname first
  // without a comma ("OBrien Margaret").
  if (parts.words.length > 2) add(parts.given, parts.words.slice(-2).join(''));
  if (parts.words.length === 2) add(parts.surname, parts.given);
  return {
    matchKeys: [...keys].sort(),
    matchPrefixes: [...prefixes].sort(),
    membershipNumber: normaliseMembershipNumber(probe.membershipNumber),
    email: normaliseEmail(probe.email),
    phoneKey: phoneKey(probe.phone),
  };
}

/** How many edits two words may differ by and still count as a typo of one another. */
function typoAllowance(a: string, b: string): number {
  const len = Math.min(a.length, b.length);
  if (len < 4) return 0;
  return len < 8 ? 1 : 2;
}

function isTypo(a: string, b: string): boolean {
  const allowed = typoAllowance(a, b);
  return allowed > 0 && Math.abs(a.length - b.length) <= allowed && distance(a, b) <= allowed;
}

function givenRelation(a: string, b: string): NameReason | null {
  if (!a || !b) return null;
  if (a === b) return 'same_name';
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 'initial';
  if (sameGivenName(a, b)) return 'nickname';
  if (isTypo(a, b)) return 'similar_name';
  return null;
}

function relation(given: string, surname: string, other: NameParts): NameReason | null {
  if (!surname || !other.surname || !given || !other.given) return null;
  const g = givenRelation(given, other.given);
  if (!g) return null;
  if (surname === other.surname) return g;
  // A misspelt surname with a misspelt given name is too far apart to suggest.
  if (g !== 'similar_name' && isTypo(surname, other.surname)) return 'similar_name';
  return null;
}

function better(a: NameReason | null, b: NameReason | null): NameReason | null {
  if (!a) return b;
  if (!b) return a;
  return NAME_RANK.indexOf(a) <= NAME_RANK.indexOf(b) ? a : b;
}

/** How two names relate, best first: the same, a short form, an initial, a small misspelling; or null. */
export function compareNames(a: string, b: string): NameReason | null {
  const pa = nameParts(a);
  const pb = nameParts(b);
  if (!pa.compact || !pb.compact) return null;
  if (pa.compact === pb.compact) return 'same_name';
  let best = relation(pa.given, pa.surname, pb);
  // Typed surname first without a comma ("O'Brien Margaret").
  if (pa.words.length === 2) best = better(best, relation(pa.surname, pa.given, pb));
  if (!best && Math.min(pa.compact.length, pb.compact.length) >= 8 && isTypo(pa.compact, pb.compact))
    best = 'similar_name';
  return best;
}

/** Why `candidate` may be the person of `probe`, with a score; null when nothing points to it. */
export function matchMember<T extends MatchCandidate>(
  probe: MatchProbe,
  candidate: T,
): MemberMatch<T> | null {
  const reasons: MatchReason[] = [];
  const aliases = candidate.aliases ?? [];
  const number = normaliseMembershipNumber(probe.membershipNumber);
  if (number && number === normaliseMembershipNumber(candidate.membershipNumber))
    reasons.push('same_membership_number');

  let viaAlias = false;
  const email = normaliseEmail(probe.email);
  if (email) {
    if (email === normaliseEmail(candidate.email)) reasons.push('same_email');
    else if (aliases.some((a) => a.kind === 'email' && normaliseEmail(a.value) === email)) {
      reasons.push('same_email');
      viaAlias = true;
    }
  }
  const phone = phoneKey(probe.phone);
  if (phone) {
    if (phone === phoneKey(candidate.phone)) reasons.push('same_phone');
    else if (aliases.some((a) => a.kind === 'phone' && phoneKey(a.value) === phone)) {
      reasons.push('same_phone');
      viaAlias = true;
    }
  }
  const name = probe.fullName?.trim();
  if (name) {
    const own = compareNames(name, candidate.fullName);
    let viaAliasName: NameReason | null = null;
    for (const a of aliases)
      if (a.kind === 'name') viaAliasName = better(viaAliasName, compareNames(name, a.value));
    const best = better(own, viaAliasName);
    if (best) {
      reasons.push(best);
      if (best !== own) viaAlias = true;
    }
  }
  if (!reasons.length) return null;
  if (viaAlias) reasons.push('alias');
  const party = foldText(probe.constituencyParty ?? '');
  if (party && party === foldText(candidate.constituencyParty ?? '')) reasons.push('same_constituency');
  const score = Math.min(
    100,
    reasons.reduce((sum, r) => sum + WEIGHTS[r], 0),
  );
  return { member: candidate, reasons, score };
}

/** The candidates that may be the probe's person, best first (score, then as given), at most `limit`. */
export function rankMatches<T extends MatchCandidate>(
  probe: MatchProbe,
  candidates: readonly T[],
  limit: number,
): MemberMatch<T>[] {
  const seen = new Set<string>();
  const found: { match: MemberMatch<T>; order: number }[] = [];
  candidates.forEach((c, order) => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    const match = matchMember(probe, c);
    if (match) found.push({ match, order });
  });
  return found
    .sort((a, b) => b.match.score - a.match.score || a.order - b.order)
    .slice(0, limit)
    .map((f) => f.match);
}

/** The key columns a member is stored with, from their name and phone. */
export function memberKeys(fullName: string, phone: string | null): NameKeys & { phoneKey: string | null } {
  return { ...nameKeys(fullName), phoneKey: phoneKey(phone) };
}
