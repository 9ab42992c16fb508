/**
 * The one parser for the dates clients send: calendar dates written YYYY-MM-DD and instants in
 * RFC 3339 (2026-01-02T03:04:05Z, 2026-01-02T03:04:05.250+01:00). Nothing else — no week or
 * ordinal dates, no missing seconds or zone, no rolling 30 February over into March — so that
 * whatever a validator built on it accepts, the code can always use. Pure.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const DAY_MS = 86_400_000;
/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: four-digit years in UTC, as both databases store them. */
const FIRST_INSTANT = utc(1, 1, 1);
const LAST_INSTANT = utc(10000, 1, 1) - 1;

export const DATE_FORM = 'a calendar date written YYYY-MM-DD';
export const INSTANT_FORM = 'an ISO 8601 date-time in RFC 3339 form, e.g. 2026-01-02T03:04:05Z';
/** For the OpenAPI document: what a date-or-instant property takes. */
export const DATE_OR_INSTANT_FORM =
  'a date (YYYY-MM-DD) or an RFC 3339 date-time such as 2026-01-02T03:04:05Z';

/** Milliseconds since the epoch of a UTC date (Date.UTC would read years below 100 as 19xx). */
function utc(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDay(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The value when it is a real calendar date written YYYY-MM-DD (year 0001 to 9999), else null. */
export function parseCalendarDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value);
  return m && isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) ? value : null;
}

/**
 * The instant an RFC 3339 date-time names, or null. Seconds and a zone (Z or ±HH:MM) are required;
 * a fraction of a second may have up to 9 digits (kept to the millisecond); no leap second (:60).
 */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = INSTANT.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[8]) {
    const [offsetHours, offsetMins] = [Number(m[9]), Number(m[10])];
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  const at = utc(year, month, day) + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return at >= FIRST_INSTANT && at <= LAST_INSTANT ? new Date(at) : null;
}

export type DateOrInstant = { kind: 'date'; date: string } | { kind: 'instant'; at: Date };

/** A calendar date or an RFC 3339 instant, or null when it is neither. */
export function parseDateOrInstant(value: unknown): DateOrInstant | null {
  const date = parseCalendarDate(value);
  if (date) return { kind: 'date', date };
  const at = parseInstant(value);
  return at ? { kind: 'instant', at } : null;
}

/** Midnight UTC at the start of a calendar date. */
export function startOfDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(utc(y, m, d));
}

/**
 * The bounds of a range filter given as a date or an instant, both inclusive: a bare date as
 * `from` starts at its first millisecond (UTC), as `to` it ends at its last, so `to=2019-03-04`
 * includes the whole of that day. Null when the value is neither form.
 */
export function rangeStart(value: unknown): Date | null {
  const parsed = parseDateOrInstant(value);
  if (!parsed) return null;
  return parsed.kind === 'date' ? startOfDay(parsed.date) : parsed.at;
}

export function rangeEnd(value: unknown): Date | null {
  const parsed = parseDateOrInstant(value);
  if (!parsed) return null;
  return parsed.kind === 'date' ? new Date(startOfDay(parsed.date).getTime() + DAY_MS - 1) : parsed.at;
}
