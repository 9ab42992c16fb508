import { Role } from '../users/role';
import { assertNever } from './case-workflow';

/** The fields that make up a case's assignment: only coordinators (and admins) may change them. */
export const ASSIGNMENT_FIELDS = ['assigneeId', 'coordinatorId', 'priority', 'tags'] as const;

/** Whether the role may assign cases (PRODUCT.md "Users and roles"). */
export function mayAssign(role: Role): boolean {
  switch (role) {
    case Role.Admin:
    case Role.Coordinator:
      return true;
    case Role.Caseworker:
    case Role.Researcher:
      return false;
    default:
      return assertNever(role);
  }
}

/** The assignment fields among those an edit would change that the role may not change. */
export function refusedAssignmentFields(role: Role, changed: readonly string[]): string[] {
  if (mayAssign(role)) return [];
  return ASSIGNMENT_FIELDS.filter((f) => changed.includes(f));
}
