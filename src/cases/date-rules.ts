/**
 * Dates that cannot be. Pure rules over plain values:
 * - nothing is dated in the future except hearings, reminders and deadlines;
 * - an appeal's hearing is not before its lodging;
 * - a decision is not before its appeal's lodging, nor before its hearing.
 *
 * A date alone in the future is a bad value (400 naming the field, like any validation error);
 * two dates that contradict each other are a conflict (422 naming both, see DateConflict).
 *
 * Calendar dates are compared as dates (YYYY-MM-DD); an instant is compared with a calendar date
 * by its date in UTC, and with another instant as an instant. "Future" for a calendar date means
 * after the latest date that has begun anywhere on earth (UTC+14), so that nobody east of UTC is
 * refused their own today; for an instant, more than a minute after now (clock skew).
 */
import { DomainError } from '../http/domain-error';
import { DatePrecision, TimelineEventType } from '../timeline/timeline-event.entity';
import { isNotFutureDate, toDateString } from './case-dates';

/** The clock skew tolerated for "not in the future" instants. */
export const FUTURE_TOLERANCE_MS = 60_000;

/** Timeline event types that may be dated in the future: a hearing is scheduled before it happens. */
const MAY_BE_FUTURE: ReadonlySet<TimelineEventType> = new Set([TimelineEventType.Hearing]);

/** A dated value: its calendar date (UTC) and, when it is known to the second, its instant. */
export interface DatePoint {
  day: string;
  at?: Date;
}

export const onDay = (day: string): DatePoint => ({ day });
export const atInstant = (at: Date): DatePoint => ({ day: toDateString(at), at });

/** The written form of a point in messages: the date, or the instant in ISO 8601. */
export function showPoint(p: DatePoint): string {
  return p.at ? p.at.toISOString() : p.day;
}

/** Strictly earlier: as instants when both are instants, else as calendar dates (same day is not before). */
export function isBefore(a: DatePoint, b: DatePoint): boolean {
  if (a.at && b.at) return a.at.getTime() < b.at.getTime();
  return a.day < b.day;
}

/** One pair of dates that cannot both be true: `field` must not be `mustNotBe` `other`. */
export interface DateConflict {
  field: string;
  value: string;
  mustNotBe: 'before' | 'after';
  other: string;
  otherValue: string;
}

export function conflictMessage(c: DateConflict): string {
  return `${c.field} (${c.value}) must not be ${c.mustNotBe} ${c.other} (${c.otherValue})`;
}

/**
 * 422 DATE_CONFLICT naming every conflicting pair: `message` in words (each sentence starts with
 * the field written), `conflicts` for programs.
 */
export function assertNoDateConflicts(conflicts: DateConflict[]): void {
  if (!conflicts.length) return;
  throw new DomainError('DATE_CONFLICT', conflicts.map(conflictMessage).join('; '), { conflicts });
}

/** A rule "earlier ≤ later" between two named dates; absent dates never conflict. */
interface Ordered {
  earlier: { field: string; point: DatePoint | null };
  later: { field: string; point: DatePoint | null };
}

/**
 * The broken rules among `rules`, each told from the side of the field being written: when only
 * the earlier one changed it "must not be after" the later, otherwise the later "must not be
 * before" the earlier. When `changed` is given, a pair with neither of its fields is left alone: a
 * contradiction already stored is not the fault of a request that does not touch it.
 */
function broken(rules: Ordered[], changed: ReadonlySet<string> | null): DateConflict[] {
  const out: DateConflict[] = [];
  for (const { earlier, later } of rules) {
    if (!earlier.point || !later.point || !isBefore(later.point, earlier.point)) continue;
    if (changed && !changed.has(earlier.field) && !changed.has(later.field)) continue;
    const fromEarlier = Boolean(changed?.has(earlier.field) && !changed.has(later.field));
    const [subject, object] = fromEarlier ? [earlier, later] : [later, earlier];
    out.push({
      field: subject.field,
      value: showPoint(subject.point!),
      mustNotBe: fromEarlier ? 'after' : 'before',
      other: object.field,
      otherValue: showPoint(object.point!),
    });
  }
  return out;
}

export interface AppealDates {
  lodgedAt: string;
  hearingAt: Date | null;
  decidedAt: string | null;
  /** allowed and dismissed are decisions after a hearing; a withdrawal may come before one. */
  decided: boolean;
}

/**
 * An appeal's dates as they will be stored (the stored values with the change applied);
 * `changed` names the fields the request writes, so the message speaks of them (absent: every
 * pair is checked).
 */
export function appealDateConflicts(appeal: AppealDates, changed?: Iterable<string>): DateConflict[] {
  const lodged = { field: 'lodgedAt', point: onDay(appeal.lodgedAt) };
  const hearing = { field: 'hearingAt', point: appeal.hearingAt ? atInstant(appeal.hearingAt) : null };
  const decision = { field: 'decidedAt', point: appeal.decidedAt ? onDay(appeal.decidedAt) : null };
  return broken(
    [
      { earlier: lodged, later: hearing },
      { earlier: lodged, later: decision },
      ...(appeal.decided ? [{ earlier: hearing, later: decision }] : []),
    ],
    changed ? new Set(changed) : null,
  );
}

/**
 * A decision of the workflow (→ reinstated / upheld) against the pending appeal it decides: the
 * decision date (`occurredAt`) is not before the appeal's lodging nor its hearing.
 */
export function decisionDateConflicts(
  decision: DatePoint,
  appeal: { lodgedAt: string; hearingAt: Date | null },
): DateConflict[] {
  const subject = { field: 'occurredAt', point: decision };
  return broken(
    [
      { earlier: { field: 'appeal.lodgedAt', point: onDay(appeal.lodgedAt) }, later: subject },
      {
        earlier: { field: 'appeal.hearingAt', point: appeal.hearingAt ? atInstant(appeal.hearingAt) : null },
        later: subject,
      },
    ],
    new Set(['occurredAt']),
  );
}

/** An instant not more than the tolerated skew after now. */
export function isNotFutureInstant(at: Date, now: Date = new Date()): boolean {
  return at.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS;
}

/**
 * A timeline event's date is not in the future unless its type may be (a hearing). The stored
 * instant is the start of the period its precision names, so "2026" is not future during 2026.
 */
export function isAllowedEventDate(
  type: TimelineEventType,
  occurredAt: Date,
  precision: DatePrecision,
  now: Date = new Date(),
): boolean {
  if (MAY_BE_FUTURE.has(type)) return true;
  return precision === DatePrecision.Exact
    ? isNotFutureInstant(occurredAt, now)
    : isNotFutureDate(toDateString(occurredAt), now);
}
