import type { Role } from '../api/types';

/** The header's navigation: each screen for the roles the API lets use it. New screens add a line. */
export const NAV: { to: string; label: string; roles: Role[] }[] = [
  { to: '/cases', label: 'Cases', roles: ['caseworker', 'coordinator'] },
  { to: '/cases/new', label: 'New case', roles: ['caseworker', 'coordinator'] },
  { to: '/board', label: 'Board', roles: ['caseworker', 'coordinator'] },
  { to: '/deadlines', label: 'Deadlines', roles: ['caseworker', 'coordinator'] },
  { to: '/calendar', label: 'Calendar', roles: ['caseworker', 'coordinator'] },
  { to: '/reminders', label: 'Reminders', roles: ['caseworker', 'coordinator'] },
  { to: '/stats', label: 'Statistics', roles: ['coordinator', 'researcher'] },
  { to: '/exports', label: 'Exports', roles: ['coordinator', 'researcher'] },
  { to: '/admin/users', label: 'Users', roles: ['admin'] },
  { to: '/admin/audit', label: 'Audit trail', roles: ['admin'] },
  { to: '/admin/system', label: 'System', roles: ['admin'] },
];

/**
 * Who may open the screens under each path (the API's roles for what the screen shows). A path not
 * listed here is open to every signed-in user (account, notifications). Admins may use everything,
 * but their header offers only their own screens.
 */
export const SCREEN_ROLES: { prefix: string; roles: Role[] }[] = [
  { prefix: '/admin', roles: ['admin'] },
  { prefix: '/cases', roles: ['admin', 'caseworker', 'coordinator'] },
  { prefix: '/members', roles: ['admin', 'caseworker', 'coordinator'] },
  { prefix: '/board', roles: ['admin', 'caseworker', 'coordinator'] },
  { prefix: '/deadlines', roles: ['admin', 'caseworker', 'coordinator'] },
  { prefix: '/calendar', roles: ['admin', 'caseworker', 'coordinator'] },
  { prefix: '/reminders', roles: ['admin', 'caseworker', 'coordinator'] },
  { prefix: '/stats', roles: ['admin', 'coordinator', 'researcher'] },
  { prefix: '/exports', roles: ['admin', 'coordinator', 'researcher'] },
];

/** Whether the role may open the screen at this path. */
export function mayOpen(role: Role, pathname: string): boolean {
  const rule = SCREEN_ROLES.find((r) => pathname === r.prefix || pathname.startsWith(`${r.prefix}/`));
  return !rule || rule.roles.includes(role);
}

/** Where `/` takes each role. */
export function homeFor(role: Role): string {
  if (role === 'researcher') return '/stats';
  return role === 'caseworker' || role === 'coordinator' ? '/cases' : '/account';
}

/**
 * Whether the role may change a case's assignment (assignee, coordinator, priority, tags) once it
 * exists: coordinators and admins, as the API allows. A caseworker sets them only at intake.
 */
export function mayAssign(role: Role | undefined): boolean {
  return role === 'coordinator' || role === 'admin';
}

/** Whether the role may record on a case (timeline, appeals, evidence): caseworkers, coordinators, admins. */
export function mayRecord(role: Role | undefined): boolean {
  return role === 'caseworker' || role === 'coordinator' || role === 'admin';
}
