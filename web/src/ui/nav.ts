import type { Role } from '../api/types';

/** The header's navigation: each screen for the roles the API lets use it. New screens add a line. */
export const NAV: { to: string; label: string; roles: Role[] }[] = [
  { to: '/cases', label: 'Cases', roles: ['caseworker', 'coordinator'] },
  { to: '/board', label: 'Board', roles: ['caseworker', 'coordinator'] },
  { to: '/deadlines', label: 'Deadlines', roles: ['caseworker', 'coordinator'] },
  { to: '/calendar', label: 'Calendar', roles: ['caseworker', 'coordinator'] },
  { to: '/reminders', label: 'Reminders', roles: ['caseworker', 'coordinator'] },
  { to: '/cases/new', label: 'New case', roles: ['caseworker'] },
];

/** Where `/` takes each role. */
export function homeFor(role: Role): string {
  return role === 'caseworker' || role === 'coordinator' ? '/cases' : '/account';
}
