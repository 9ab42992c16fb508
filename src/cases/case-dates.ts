/** Calendar dates as 'YYYY-MM-DD' strings (the database's `date` columns), in UTC arithmetic. */
import { parseCalendarDate, startOfDay } from '../http/dates';

const DAY_MS = 86_400_000;
/** The furthest any time zone is ahead of UTC: a date is "not in the future" if it has begun somewhere. */
const EARLIEST_ZONE_AHEAD_MS = 14 * 3600_000;
/** Case, appeal and event dates before this are typing mistakes, not history this tracker holds. */
export const EARLIEST_DATE = '1900-01-01';

/** True for a real calendar date written YYYY-MM-DD from 1900 on (2019-02-29 is false, 2020-02-29 true). */
export function isCalendarDate(value: unknown): value is string {
  const date = parseCalendarDate(value);
  return date !== null && date >= EARLIEST_DATE;
}

export function toDateString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Midnight UTC of a YYYY-MM-DD date. */
export const dateAtUtcMidnight = startOfDay;

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
