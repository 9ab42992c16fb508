import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;

/**
 * The commonly used passwords of zxcvbn-ts (its `passwords-common` dictionary, about 49,000
 * entries from leaked-password corpora, maintained with the library), lower-cased. Built on first
 * use: the list costs a few MiB, which a process that never checks a password need not hold.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/**
 * Why a new password is refused, as a message naming `field`, or null when it is acceptable:
 * at least MIN_PASSWORD_LENGTH characters, not a commonly used password (compared without regard
 * to case), and not the account's own email address.
 */
export function passwordProblem(password: string, email: string | undefined, field: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `${field} must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.trim().toLowerCase();
  if (commonPasswords().has(lower)) return `${field} is a commonly used password: choose another`;
  if (email && lower === email.trim().toLowerCase()) return `${field} must not be your email address`;
  return null;
}
