import { EntityManager, In } from 'typeorm';
import { Parameters } from '../../database/row-read';
import { MemberAlias } from '../member-alias.entity';
import { Member } from '../member.entity';
import { MatchCandidate, ProbeKeys } from './member-matcher';

/**
 * The members worth comparing with each probe, read through the indexed keys only (members and
 * member_aliases by match_key, membership number, email, phone_key) — never a scan of all
 * members. Members merged into another are left out (their names live on as the kept one's aliases). Which of them match, and how well, the pure matcher decides.
 */

/** Members read per probe and table at most: a key shared by more people than this is no longer telling. */
export const MAX_CANDIDATES = 200;

/** A stored member, with the names, emails and phones it is also known by, as the matcher compares it. */
export type StoredCandidate = MatchCandidate & { stored: Member };

/** The next string after every string that starts with `prefix` ("O165M" → "O165N"). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** The WHERE terms of one probe on a table aliased `t` (member_aliases has no membership number). */
export function probeTerms(p: Parameters, keys: ProbeKeys, withNumber: boolean): string[] {
  const terms: string[] = [];
  if (keys.matchKeys.length) terms.push(`t.match_key IN (${p.list(keys.matchKeys)})`);
  for (const prefix of keys.matchPrefixes)
    terms.push(`(t.match_key >= ${p.add(prefix)} AND t.match_key < ${p.add(prefixEnd(prefix))})`);
  if (withNumber && keys.membershipNumber)
    terms.push(`t.membership_number = ${p.add(keys.membershipNumber)}`);
  if (keys.email) terms.push(`t.email = ${p.add(keys.email)}`);
  if (keys.phoneKey) terms.push(`t.phone_key = ${p.add(keys.phoneKey)}`);
  return terms;
}

/**
 * For each probe (by position), the stored members sharing one of its keys, oldest first, with
 * their aliases: one statement finds their ids for all probes, two more read them.
 */
export async function storedCandidates(
  m: EntityManager,
  probes: readonly ProbeKeys[],
): Promise<StoredCandidate[][]> {
  const p = new Parameters(m);
  const selects: string[] = [];
  probes.forEach((keys, k) => {
    const onMembers = probeTerms(p, keys, true);
    if (onMembers.length)
      selects.push(
        `SELECT * FROM (SELECT t.id AS member_id, ${k} AS probe FROM members t` +
          ` WHERE t.merged_into IS NULL AND (${onMembers.join(' OR ')})` +
          ` ORDER BY t.created_at LIMIT ${MAX_CANDIDATES}) AS m_${k}`,
      );
    const onAliases = probeTerms(p, keys, false);
    if (onAliases.length)
      selects.push(
        `SELECT * FROM (SELECT t.member_id, ${k} AS probe FROM member_aliases t` +
          ` JOIN members o ON o.id = t.member_id AND o.merged_into IS NULL WHERE ${onAliases.join(' OR ')}` +
          ` ORDER BY t.created_at LIMIT ${MAX_CANDIDATES}) AS a_${k}`,
      );
  });
  const found: StoredCandidate[][] = probes.map(() => []);
  if (!selects.length) return found;
  const rows = (await m.query(selects.join(' UNION ALL '), p.values)) as {
    member_id: string;
    probe: unknown;
  }[];
  const ids = [...new Set(rows.map((r) => r.member_id))];
  if (!ids.length) return found;
  const byId = await candidatesById(m, ids);
  const seen = probes.map(() => new Set<string>());
  for (const row of rows) {
    const k = Number(row.probe);
    const candidate = byId.get(row.member_id);
    if (candidate && !seen[k].has(row.member_id)) {
      seen[k].add(row.member_id);
      found[k].push(candidate);
    }
  }
  for (const list of found) list.sort((a, b) => a.stored.createdAt.getTime() - b.stored.createdAt.getTime());
  return found;
}

/** Members by id with their aliases, as the matcher compares them. */
export async function candidatesById(m: EntityManager, ids: string[]): Promise<Map<string, StoredCandidate>> {
  const members = await m.getRepository(Member).findBy({ id: In(ids) });
  const aliases = await m.getRepository(MemberAlias).find({
    where: { memberId: In(ids) },
    order: { createdAt: 'ASC' },
  });
  const byMember = new Map<string, MemberAlias[]>();
  for (const a of aliases) byMember.set(a.memberId, [...(byMember.get(a.memberId) ?? []), a]);
  return new Map(members.map((member) => [member.id, toCandidate(member, byMember.get(member.id) ?? [])]));
}

export function toCandidate(member: Member, aliases: readonly MemberAlias[]): StoredCandidate {
  return {
    id: member.id,
    fullName: member.fullName,
    membershipNumber: member.membershipNumber,
    email: member.email,
    phone: member.phone,
    constituencyParty: member.constituencyParty,
    aliases: aliases.map((a) => ({ kind: a.kind, value: a.value })),
    stored: member,
  };
}
