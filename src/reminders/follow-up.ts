/** Statuses in which a case is over and needs no follow-up (kept as strings: pure module). */
const FINISHED = ['closed', 'reinstated'];

const DAY_MS = 86_400_000;

/**
 * A case is quiet when nothing was recorded on its timeline (or, without events, since it was
 * opened) for `days`. It gets one follow-up per quiet period: none if a follow-up was already
 * created after the last activity.
 */
export function needsFollowUp(input: {
  status: string;
  lastActivityAt: Date;
  lastFollowUpAt: Date | null;
  now: Date;
  days: number;
}): boolean {
  if (FINISHED.includes(input.status)) return false;
  if (input.now.getTime() - input.lastActivityAt.getTime() < input.days * DAY_MS) return false;
  return !input.lastFollowUpAt || input.lastFollowUpAt.getTime() < input.lastActivityAt.getTime();
}

export function followUpMessage(reference: string, days: number): string {
  return `No activity on ${reference} for ${days} days: time to follow up.`;
}
