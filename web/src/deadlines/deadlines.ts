/** One dated thing on /deadlines and /calendar: an appeal deadline or a hearing. */
export interface DeadlineItem {
  kind: 'appeal_deadline' | 'hearing';
  caseId: string;
  reference: string;
  /** The day (YYYY-MM-DD, where the user is). */
  date: string;
  /** A hearing's time (HH:mm, where the user is). */
  time?: string;
}

export const GROUPS = ['overdue', 'today', 'this week', 'later'] as const;
export type DeadlineGroup = (typeof GROUPS)[number];

const dayNumber = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/** Overdue (before today), today, this week (the next 6 days), later; each sorted by day and time. */
export function groupDeadlines(
  items: readonly DeadlineItem[],
  today: string,
): Record<DeadlineGroup, DeadlineItem[]> {
  const groups: Record<DeadlineGroup, DeadlineItem[]> = {
    overdue: [],
    today: [],
    'this week': [],
    later: [],
  };
  const t = dayNumber(today);
  const sorted = [...items].sort((a, b) =>
    `${a.date}${a.time ?? ''}`.localeCompare(`${b.date}${b.time ?? ''}`),
  );
  for (const item of sorted) {
    const d = dayNumber(item.date) - t;
    groups[d < 0 ? 'overdue' : d === 0 ? 'today' : d < 7 ? 'this week' : 'later'].push(item);
  }
  return groups;
}

/** The weeks (Monday first) of a month, as YYYY-MM-DD, with null for the days of other months. */
export function monthGrid(month: string): (string | null)[][] {
  const [y, m] = month.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) cells.push(`${month}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/** The month `delta` months from `month` (YYYY-MM). */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

export const KIND_LABELS: Record<DeadlineItem['kind'], string> = {
  appeal_deadline: 'Appeal deadline',
  hearing: 'Hearing',
};
