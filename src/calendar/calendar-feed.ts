import { createHash, randomBytes } from 'node:crypto';
import { caseLink } from '../config/links';
import { kindLabel } from '../reminders/channels/messages';
import { ReminderKind } from '../reminders/reminder-kinds';

/** A personal feed token: 32 random bytes, shown once; only its SHA-256 is stored. */
export function newCalendarToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashCalendarToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface FeedEntry {
  /** Stable across feed reloads so calendar apps update rather than duplicate. */
  uid: string;
  start: Date;
  end: Date;
  allDay: boolean;
  summary: string;
  description: string;
  /** The case's page in the web app (absolute). */
  url: string;
}

/**
 * Feed entries say which case (its reference) and what (the kind), never whom: calendars are
 * synced to phones and shared, so no member name and no free-text message goes in.
 */
export function deadlineEntry(
  c: { id: string; reference: string; appealDeadline: string },
  publicUrl: string,
): FeedEntry {
  const start = new Date(`${c.appealDeadline.slice(0, 10)}T00:00:00Z`);
  return {
    uid: `appeal-deadline-${c.id}@caseline`,
    start,
    end: new Date(start.getTime() + 86_400_000),
    allDay: true,
    summary: `${c.reference}: ${kindLabel(ReminderKind.AppealDeadline)}`,
    description: `Caseline case ${c.reference}: ${caseLink(publicUrl, c.id)}`,
    url: caseLink(publicUrl, c.id),
  };
}

export function hearingEntry(
  a: { id: string; caseId: string; reference: string; hearingAt: Date },
  publicUrl: string,
): FeedEntry {
  return {
    uid: `hearing-${a.id}@caseline`,
    start: a.hearingAt,
    end: new Date(a.hearingAt.getTime() + 3600_000),
    allDay: false,
    summary: `${a.reference}: ${kindLabel(ReminderKind.Hearing)}`,
    description: `Caseline case ${a.reference}: ${caseLink(publicUrl, a.caseId)}`,
    url: caseLink(publicUrl, a.caseId),
  };
}

export function reminderEntry(
  r: { id: string; caseId: string; reference: string; kind: ReminderKind; dueAt: Date },
  publicUrl: string,
): FeedEntry {
  return {
    uid: `reminder-${r.id}@caseline`,
    start: r.dueAt,
    end: new Date(r.dueAt.getTime() + 15 * 60_000),
    allDay: false,
    summary: `${r.reference}: ${kindLabel(r.kind)}`,
    description: `Caseline reminder for case ${r.reference}: ${caseLink(publicUrl, r.caseId)}`,
    url: caseLink(publicUrl, r.caseId),
  };
}
