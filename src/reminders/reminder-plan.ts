import { ReminderKind, ReminderStatus } from './reminder-kinds';

/**
 * Automatic reminders as a pure function: from a case, its appeals, its scheduled reminders,
 * the time and the configured offsets to the reminders that must be created, changed or
 * cancelled. The service applies the plan inside the transaction that changed the case.
 */

/** Appeal deadlines are dates; the reminders count back from 09:00 UTC on that date. */
export const DEADLINE_HOUR_UTC = 9;

/** Statuses named here as strings so this module stays free of the entity files. */
const CLOSED = 'closed';
const REINSTATED = 'reinstated';
const PENDING = 'pending';
const WITHDRAWN = 'withdrawn';

export interface PlanCase {
  id: string;
  reference: string;
  status: string;
  /** YYYY-MM-DD, or null when unknown. */
  appealDeadline: string | null;
  assigneeId: string | null;
  coordinatorId: string | null;
  createdBy: string;
}

export interface PlanAppeal {
  id: string;
  outcome: string;
  hearingAt: Date | null;
}

/** A reminder of the case that is still `scheduled` (others are history and never touched). */
export interface PlanReminder {
  id: string;
  kind: ReminderKind;
  /** Set on automatic reminders: what they are about (see autoKey()). Null on manual ones. */
  autoKey: string | null;
  dueAt: Date;
  recipientIds: string[];
  message: string;
  status: ReminderStatus;
}

export interface PlanOffsets {
  /** Minutes before the appeal deadline. */
  appealDeadline: number[];
  /** Minutes before a hearing. */
  hearing: number[];
}

export interface NewAutoReminder {
  kind: ReminderKind.AppealDeadline | ReminderKind.Hearing;
  autoKey: string;
  dueAt: Date;
  recipientIds: string[];
  message: string;
}

export interface ReminderChange {
  id: string;
  dueAt: Date;
  recipientIds: string[];
  message: string;
}

export type CancelReason =
  'case_closed' | 'appeal_lodged' | 'decided' | 'no_longer_applies' | 'moved_to_past';

export interface AutoReminderPlan {
  create: NewAutoReminder[];
  update: ReminderChange[];
  cancel: { id: string; reason: CancelReason }[];
}

export function isEmptyPlan(plan: AutoReminderPlan): boolean {
  return !plan.create.length && !plan.update.length && !plan.cancel.length;
}

export function deadlineInstant(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), DEADLINE_HOUR_UTC));
}

export function autoKey(
  target: { kind: 'appeal_deadline' } | { kind: 'hearing'; appealId: string },
  offsetMinutes: number,
): string {
  return target.kind === 'appeal_deadline'
    ? `appeal_deadline:${offsetMinutes}`
    : `hearing:${target.appealId}:${offsetMinutes}`;
}

/** "7 days", "2 hours", "90 minutes": for messages. */
export function describeOffset(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/** The case's assignee and coordinator; its creator when it has neither. */
export function defaultRecipients(c: Pick<PlanCase, 'assigneeId' | 'coordinatorId' | 'createdBy'>): string[] {
  const ids = [c.assigneeId, c.coordinatorId].filter((id): id is string => Boolean(id));
  return ids.length ? Array.from(new Set(ids)) : [c.createdBy];
}

interface Wanted {
  kind: NewAutoReminder['kind'];
  autoKey: string;
  dueAt: Date;
  message: string;
}

/** Every automatic reminder the case should have, whether or not its time has passed. */
function wantedReminders(c: PlanCase, appeals: PlanAppeal[], offsets: PlanOffsets): Wanted[] {
  if (c.status === CLOSED || c.status === REINSTATED) return [];
  const wanted: Wanted[] = [];
  // An appeal that was lodged (and not withdrawn) ends the appeal window.
  const lodged = appeals.some((a) => a.outcome !== WITHDRAWN);
  if (c.appealDeadline && !lodged) {
    const deadline = deadlineInstant(c.appealDeadline);
    for (const offset of offsets.appealDeadline) {
      wanted.push({
        kind: ReminderKind.AppealDeadline,
        autoKey: autoKey({ kind: 'appeal_deadline' }, offset),
        dueAt: new Date(deadline.getTime() - offset * 60_000),
        message: `Appeal deadline for ${c.reference} is ${c.appealDeadline.slice(0, 10)} (in ${describeOffset(offset)}).`,
      });
    }
  }
  for (const appeal of appeals) {
    if (appeal.outcome !== PENDING || !appeal.hearingAt) continue;
    for (const offset of offsets.hearing) {
      wanted.push({
        kind: ReminderKind.Hearing,
        autoKey: autoKey({ kind: 'hearing', appealId: appeal.id }, offset),
        dueAt: new Date(appeal.hearingAt.getTime() - offset * 60_000),
        message: `Appeal hearing for ${c.reference} at ${appeal.hearingAt.toISOString()} (in ${describeOffset(offset)}).`,
      });
    }
  }
  return wanted;
}

function cancelReason(c: PlanCase, r: PlanReminder, appeals: PlanAppeal[]): CancelReason {
  if (c.status === CLOSED) return 'case_closed';
  if (r.kind === ReminderKind.AppealDeadline && appeals.some((a) => a.outcome !== WITHDRAWN)) {
    return 'appeal_lodged';
  }
  if (r.kind === ReminderKind.Hearing) {
    const appealId = r.autoKey?.split(':')[1];
    const appeal = appeals.find((a) => a.id === appealId);
    if (appeal && appeal.outcome !== PENDING) return 'decided';
  }
  if (c.status === REINSTATED) return 'decided';
  return 'no_longer_applies';
}

const sameRecipients = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);

/**
 * Reconciles the case's automatic reminders with what the case now says.
 * - Closing a case cancels every scheduled reminder of it, manual ones included.
 * - A wanted reminder that does not exist is created if its time is still ahead.
 * - An existing one whose time changed is moved, or cancelled if the new time has passed;
 *   one whose time did not change is left alone even when overdue (it is about to fire).
 * - Recipients follow the case's assignee and coordinator.
 * - Automatic reminders that are no longer wanted are cancelled.
 */
export function planAutomaticReminders(input: {
  case: PlanCase;
  appeals: PlanAppeal[];
  reminders: PlanReminder[];
  now: Date;
  offsets: PlanOffsets;
}): AutoReminderPlan {
  const { case: c, appeals, now, offsets } = input;
  const scheduled = input.reminders.filter((r) => r.status === ReminderStatus.Scheduled);
  const plan: AutoReminderPlan = { create: [], update: [], cancel: [] };

  if (c.status === CLOSED) {
    plan.cancel = scheduled.map((r) => ({ id: r.id, reason: 'case_closed' }));
    return plan;
  }

  const recipients = defaultRecipients(c);
  const wanted = wantedReminders(c, appeals, offsets);
  const byKey = new Map<string, PlanReminder>();
  for (const r of scheduled) {
    if (!r.autoKey) continue;
    // Two scheduled reminders for one key cannot arise from this planner; keep the first, cancel the rest.
    if (byKey.has(r.autoKey)) plan.cancel.push({ id: r.id, reason: 'no_longer_applies' });
    else byKey.set(r.autoKey, r);
  }

  const wantedKeys = new Set<string>();
  for (const w of wanted) {
    wantedKeys.add(w.autoKey);
    const existing = byKey.get(w.autoKey);
    if (!existing) {
      if (w.dueAt.getTime() > now.getTime()) plan.create.push({ ...w, recipientIds: recipients });
      continue;
    }
    const moved = existing.dueAt.getTime() !== w.dueAt.getTime();
    if (moved && w.dueAt.getTime() <= now.getTime()) {
      plan.cancel.push({ id: existing.id, reason: 'moved_to_past' });
    } else if (
      moved ||
      !sameRecipients(existing.recipientIds, recipients) ||
      existing.message !== w.message
    ) {
      plan.update.push({ id: existing.id, dueAt: w.dueAt, recipientIds: recipients, message: w.message });
    }
  }
  for (const [key, r] of byKey) {
    if (!wantedKeys.has(key)) plan.cancel.push({ id: r.id, reason: cancelReason(c, r, appeals) });
  }
  return plan;
}
