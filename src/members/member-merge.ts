import { DomainError } from '../http/domain-error';
import { newAlias } from './member-aliases';
import { MemberAlias } from './member-alias.entity';
import { Member } from './member.entity';

/** The rules of merging one member record into another of the same person. Pure. */

/** Why `source` cannot be merged into `target` (null: it can). */
export function mergeRefusal(
  source: Pick<Member, 'id' | 'mergedInto'>,
  target: Pick<Member, 'id' | 'mergedInto'> | null,
): Error | null {
  if (source.id === target?.id)
    return new DomainError('INVALID', 'intoId must be another member than the one merged');
  if (source.mergedInto)
    return new DomainError('GONE', 'This member was merged into another already', {
      mergedInto: source.mergedInto,
    });
  if (!target) return new DomainError('INVALID', 'intoId does not match any member');
  if (target.mergedInto)
    return new DomainError(
      'UNPROCESSABLE',
      'intoId names a member that was merged into another: merge into that one instead',
      { mergedInto: target.mergedInto },
    );
  return null;
}

/** What the kept member is also known by after the merge: the merged one's name, email, phone and aliases. */
export function mergedAliases(
  source: Pick<Member, 'fullName' | 'email' | 'phone'>,
  sourceAliases: readonly Pick<MemberAlias, 'kind' | 'value'>[],
  intoId: string,
  by: string,
  now: Date,
): MemberAlias[] {
  const wanted: [MemberAlias['kind'], string | null][] = [
    ['name', source.fullName],
    ['email', source.email],
    ['phone', source.phone],
    ...sourceAliases.map((a): [MemberAlias['kind'], string] => [a.kind, a.value]),
  ];
  return wanted
    .map(([kind, value]) => (value ? newAlias(intoId, kind, value, 'merge', by, now) : null))
    .filter((a): a is MemberAlias => a !== null);
}

/** The timeline event each moved case gets (no names: timelines go into pseudonymised exports). */
export function mergeEventText(reason: string): { title: string; description: string } {
  return {
    title: "Member's records merged",
    description: `This case moved to another record of the same member, which is kept. Reason: ${reason.trim()}`,
  };
}
