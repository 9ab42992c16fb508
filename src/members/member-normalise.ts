/** Normalisation of member identity fields and the duplicate hints built on it. Pure. */

/** Lower-cased, accents stripped, whitespace collapsed: "  José  O'Neill " → "jose o'neill". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A name as displayed: trimmed, inner whitespace collapsed, case and accents kept. */
export function tidyName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** Trimmed and upper-cased; blank → null. */
export function normaliseMembershipNumber(value: string | null | undefined): string | null {
  const v = value?.trim().toUpperCase();
  return v ? v : null;
}

export function normaliseEmail(value: string | null | undefined): string | null {
  const v = value?.trim().toLowerCase();
  return v ? v : null;
}

/** Digits with an optional leading +: "+44 (0)7700 900-123" → "+4407700900123". */
export function normalisePhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (!digits) return null;
  return (trimmed.startsWith('+') ? '+' : '') + digits;
}

/** Constituency parties compare case- and space-insensitively. */
export function normaliseParty(value: string | null | undefined): string | null {
  const v = value?.replace(/\s+/g, ' ').trim().toLowerCase();
  return v ? v : null;
}

export interface MemberIdentity {
  normalisedName: string;
  constituencyParty: string | null;
  email: string | null;
  phone: string | null;
}

export const DUPLICATE_REASONS = ['same_name_and_constituency', 'same_email', 'same_phone'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** Why `other` may be the same person as `member` (empty: no reason to think so). */
export function duplicateReasons(member: MemberIdentity, other: MemberIdentity): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  const party = normaliseParty(member.constituencyParty);
  if (
    member.normalisedName &&
    member.normalisedName === other.normalisedName &&
    party !== null &&
    party === normaliseParty(other.constituencyParty)
  ) {
    reasons.push('same_name_and_constituency');
  }
  const email = normaliseEmail(member.email);
  if (email && email === normaliseEmail(other.email)) reasons.push('same_email');
  const phone = normalisePhone(member.phone);
  if (phone && phone === normalisePhone(other.phone)) reasons.push('same_phone');
  return reasons;
}
