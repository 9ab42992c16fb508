import { createHmac } from 'node:crypto';
import { assertNever, ReminderKind } from '../reminder-kinds';

/** What a reminder is about, in words for subjects and calendar entries. */
export function kindLabel(kind: ReminderKind): string {
  switch (kind) {
    case ReminderKind.AppealDeadline:
      return 'appeal deadline';
    case ReminderKind.Hearing:
      return 'hearing';
    case ReminderKind.FollowUp:
      return 'follow-up';
    case ReminderKind.Custom:
      return 'reminder';
    default:
      return assertNever(kind);
  }
}

/** The subject carries the case reference and the kind only: never a member's name. */
export function emailSubject(reference: string, kind: ReminderKind): string {
  return `[Caseline] ${reference}: ${kindLabel(kind)}`;
}

/** `caseUrl` is absolute (PUBLIC_URL-based): a mail client cannot open a path. */
export function emailBody(input: { message: string; caseUrl: string; dueAt: Date }): string {
  return `${input.message}\n\nDue: ${input.dueAt.toISOString()}\nCase: ${input.caseUrl}\n`;
}

/** X-Caseline-Signature: sha256=<hex HMAC-SHA256 of the raw body>. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Errors from SMTP servers quote addresses; they go to logs and lastError without them. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]');
}
