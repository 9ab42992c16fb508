import { isCalendarDate } from '../cases/case-dates';
import { assertNever } from '../cases/case-workflow';
import { DatePrecision } from './timeline-event.entity';

export type OccurredAtResult =
  { ok: true; occurredAt: Date; precision: DatePrecision } | { ok: false; message: string };

const YEAR = /^\d{4}$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A full ISO 8601 timestamp with a zone: 2019-03-04T10:15:00Z, 2019-03-04T10:15:00.5+01:00. */
const EXACT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/** The precision the written form of a date implies, or null when it is no form we accept. */
export function precisionOf(value: string): DatePrecision | null {
  if (YEAR.test(value)) return DatePrecision.Year;
  if (MONTH.test(value)) return DatePrecision.Month;
  if (DAY.test(value)) return DatePrecision.Day;
  if (EXACT.test(value)) return DatePrecision.Exact;
  return null;
}

/**
 * Parses an event date given as YYYY, YYYY-MM, YYYY-MM-DD or a full ISO timestamp. The form must
 * agree with `precision` when one is given (else the form decides). The stored instant is the
 * start of the period the precision names, in UTC.
 */
export function parseOccurredAt(value: unknown, precision?: DatePrecision | null): OccurredAtResult {
  if (typeof value !== 'string') return { ok: false, message: 'occurredAt must be a string' };
  const form = precisionOf(value);
  if (!form) {
    return {
      ok: false,
      message: 'occurredAt must be YYYY, YYYY-MM, YYYY-MM-DD or a full ISO 8601 timestamp with a time zone',
    };
  }
  if (precision && precision !== form) {
    return {
      ok: false,
      message: `occurredAt "${value}" has ${form} precision but precision is ${precision}`,
    };
  }
  let iso: string;
  switch (form) {
    case DatePrecision.Year:
      iso = `${value}-01-01`;
      break;
    case DatePrecision.Month: {
      const month = Number(MONTH.exec(value)![2]);
      if (month < 1 || month > 12) return { ok: false, message: 'occurredAt has no such month' };
      iso = `${value}-01`;
      break;
    }
    case DatePrecision.Day:
      iso = value;
      break;
    case DatePrecision.Exact:
      iso = EXACT.exec(value)![1];
      break;
    default:
      return assertNever(form);
  }
  if (!isCalendarDate(iso)) return { ok: false, message: 'occurredAt is not a calendar date' };
  const occurredAt = form === DatePrecision.Exact ? new Date(value) : new Date(`${iso}T00:00:00.000Z`);
  if (Number.isNaN(occurredAt.getTime())) return { ok: false, message: 'occurredAt is not a valid date' };
  return { ok: true, occurredAt, precision: form };
}
