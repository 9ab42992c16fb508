import { TestDb } from '../helpers/db';

/** A valid POST /api/cases/:id/reminders body due `inMs` from now; tests override what they are about. */
export function reminderBody(inMs = 60_000, overrides: Record<string, unknown> = {}) {
  return {
    dueAt: new Date(Date.now() + inMs).toISOString(),
    message: 'Check the appeal papers',
    kind: 'custom',
    ...overrides,
  };
}

export async function notificationsOf(db: TestDb, reminderId: string) {
  return db.query<{ user_id: string; kind: string; message: string; case_reference: string }>(
    'SELECT user_id, kind, message, case_reference FROM notifications WHERE reminder_id = ?',
    [reminderId],
  );
}

export async function reminderRow(db: TestDb, id: string) {
  const [row] = await db.query<{
    status: string;
    sent_at: string | null;
    attempts: number;
    last_error: string | null;
    due_at: string;
  }>('SELECT status, sent_at, attempts, last_error, due_at FROM reminders WHERE id = ?', [id]);
  return row;
}
