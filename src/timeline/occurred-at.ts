import { dateAtUtcMidnight, isCalendarDate, toDateString } from '../cases/case-dates';
import { assertNever } from '../cases/case-workflow';
import { parseCalendarDate, parseInstant } from '../http/dates';
import { DatePrecision } from './timeline-event.entity';

export type OccurredAtResult =
  { ok: true; occurredAt: Date; precision: DatePrecision } | { ok: false; message: string };

const YEAR = /^\d{4}$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/**
 * The precision the written form of a date implies, or null when it is no form we accept: YYYY,
 * YYYY-MM, a calendar date or an RFC 3339 instant (the last two read by the one date parser).
 */
export function precisionOf(value: string): DatePrecision | null {
  if (YEAR.test(value)) return DatePrecision.Year;
  if (MONTH.test(value)) return DatePrecision.Month;
  if (parseCalendarDate(value)) return DatePrecision.Day;
  if (parseInstant(value)) return DatePrecision.Exact;
  return null;
}

/**
 * Parses an event date given as YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp. The form must
 * agree with `precision` when one is given (else the form decides). The stored instant is the
 * start of the period the precision names, in UTC.
 */
export function parseOccurredAt(value: unknown, precision?: DatePrecision | null): OccurredAtResult {
  if (typeof value !== 'string') return { ok: false, message: 'occurredAt must be a string' };
  const form = precisionOf(value);
  if (!form) {
    return {
      ok: false,
      message:
        'occurredAt must be YYYY, YYYY-MM, a real date YYYY-MM-DD or an RFC 3339 timestamp with seconds and a time zone',
    };
  }
  if (precision && precision !== form) {
    return {
      ok: false,
      message: `occurredAt "${value}" has ${form} precision but precision is ${precision}`,
    };
  }
  let occurredAt: Date;
  switch (form) {
    case DatePrecision.Year:
      occurredAt = dateAtUtcMidnight(`${value}-01-01`);
      break;
    case DatePrecision.Month: {
      const month = Number(MONTH.exec(value)![2]);
      if (month < 1 || month > 12) return { ok: false, message: 'occurredAt has no such month' };
      occurredAt = dateAtUtcMidnight(`${value}-01`);
      break;
    }
    case DatePrecision.Day:
      occurredAt = dateAtUtcMidnight(value);
      break;
    case DatePrecision.Exact:
      occurredAt = parseInstant(value)!;
      break;
    default:
      return assertNever(form);
  }
  if (!isCalendarDate(toDateString(occurredAt))) {
    return { ok: false, message: 'occurredAt is before 1900: not a date this tracker holds' };
  }
  return { ok: true, occurredAt, precision: form };
}
