import { foldText } from './matching/name-fold';
import { nameKeys, phoneKey } from './matching/member-matcher';
import { normaliseEmail, normalisePhone, tidyName } from './member-normalise';
import { AliasSource, MemberAlias } from './member-alias.entity';
import type { AliasKind } from './matching/member-matcher';

/** The other names, emails and phones a member is known by, as stored. Pure. */

/** Whether a typed name is another name than the stored one (not just another way of writing it). */
export function nameDiffers(stored: string, typed: string): boolean {
  return foldText(stored) !== foldText(typed);
}

/** An alias row with its lookup keys; null when the value is blank. */
export function newAlias(
  memberId: string,
  kind: AliasKind,
  raw: string,
  source: AliasSource,
  createdBy: string | null,
  now = new Date(),
): MemberAlias | null {
  const value =
    kind === 'name' ? tidyName(raw) : kind === 'email' ? normaliseEmail(raw) : normalisePhone(raw);
  if (!value) return null;
  const keys = kind === 'name' ? nameKeys(value) : { nameKey: null, matchKey: null };
  return Object.assign(new MemberAlias(), {
    memberId,
    kind,
    value: value.slice(0, 254),
    source,
    nameKey: keys.nameKey || null,
    matchKey: keys.matchKey,
    email: kind === 'email' ? value : null,
    phoneKey: kind === 'phone' ? phoneKey(value) : null,
    createdBy,
    createdAt: now,
  });
}

/** The aliases among `wanted` that say something new: not the member's own value nor one already kept. */
export function newAliasesOnly(
  member: { fullName: string; email: string | null; phone: string | null },
  existing: readonly Pick<MemberAlias, 'kind' | 'value'>[],
  wanted: readonly MemberAlias[],
): MemberAlias[] {
  const key = (kind: AliasKind, value: string) =>
    `${kind}:${kind === 'name' ? foldText(value) : kind === 'phone' ? phoneKey(value) : value.toLowerCase()}`;
  const known = new Set([
    key('name', member.fullName),
    ...(member.email ? [key('email', member.email)] : []),
    ...(member.phone ? [key('phone', member.phone)] : []),
    ...existing.map((a) => key(a.kind, a.value)),
  ]);
  const out: MemberAlias[] = [];
  for (const a of wanted) {
    const k = key(a.kind, a.value);
    if (known.has(k)) continue;
    known.add(k);
    out.push(a);
  }
  return out;
}
