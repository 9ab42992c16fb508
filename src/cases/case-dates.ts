/** Calendar dates as 'YYYY-MM-DD' strings (the database's `date` columns), in UTC arithmetic. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** The furthest any time zone is ahead of UTC: a date is "not in the future" if it has begun somewhere. */
const EARLIEST_ZONE_AHEAD_MS = 14 * 3600_000;

/** True for a real calendar date written YYYY-MM-DD (2019-02-29 is false, 2020-02-29 true). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export function toDateString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Midnight UTC of a YYYY-MM-DD date. */
export function dateAtUtcMidnight(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

export function addDays(value: string, days: number): string {
  return toDateString(new Date(dateAtUtcMidnight(value).getTime() + days * DAY_MS));
}

/** notifiedAt + the appeal window (APPEAL_WINDOW_DAYS, default 28). */
export function appealDeadline(notifiedAt: string, windowDays: number): string {
  if (!isCalendarDate(notifiedAt)) throw new RangeError(`not a date: ${notifiedAt}`);
  if (!Number.isInteger(windowDays) || windowDays < 0) throw new RangeError(`bad window ${windowDays}`);
  return addDays(notifiedAt, windowDays);
}

/** The latest calendar date that has already begun somewhere on earth. */
export function latestToday(now: Date = new Date()): string {
  return toDateString(new Date(now.getTime() + EARLIEST_ZONE_AHEAD_MS));
}

export function isNotFutureDate(value: string, now: Date = new Date()): boolean {
  return value <= latestToday(now);
}
