/** Reminder vocabulary shared by the entity, the DTOs and the pure planning code. */
export enum ReminderKind {
  AppealDeadline = 'appeal_deadline',
  Hearing = 'hearing',
  FollowUp = 'follow_up',
  Custom = 'custom',
}

export enum ReminderStatus {
  Scheduled = 'scheduled',
  Sent = 'sent',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

export enum Channel {
  InApp = 'inapp',
  Email = 'email',
  Webhook = 'webhook',
}

export const REMINDER_KINDS = Object.values(ReminderKind);
export const REMINDER_STATUSES = Object.values(ReminderStatus);
export const CHANNELS = Object.values(Channel);

/** The delivery key of the webhook channel: one POST per reminder, not one per recipient. */
export const WEBHOOK_RECIPIENT = '*';

export const MAX_MESSAGE_LENGTH = 2000;

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
