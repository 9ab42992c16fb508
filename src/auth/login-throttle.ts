export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_LOGIN_FAILURES = 10;

/** More than MAX_LOGIN_FAILURES failures in the window, per account or per address, blocks further attempts. */
export function isThrottled(failures: { forAccount: number; forAddress: number }): boolean {
  return failures.forAccount >= MAX_LOGIN_FAILURES || failures.forAddress >= MAX_LOGIN_FAILURES;
}
