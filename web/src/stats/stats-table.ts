import type { components } from '../api/schema';
import { ACTION_LABELS } from '../ui/labels';

export type StatsItem = components['schemas']['StatsItemDto'];
export type GroupBy = 'month' | 'region' | 'actionType' | 'issuingBody';
export type CountField = 'cases' | 'open' | 'reinstated' | 'upheld' | 'closed';
export type StatsField = CountField | 'medianDaysToDecision';

export const FIELD_LABELS: Record<StatsField, string> = {
  cases: 'Cases',
  open: 'Open',
  reinstated: 'Reinstated',
  upheld: 'Upheld',
  closed: 'Closed',
  medianDaysToDecision: 'Median days to decision',
};

/** The threshold the contract names, for an answer that does not say its own. */
export const DEFAULT_MIN_CELL = 5;
/** A count the API withholds because it is small: too few cases to show without identifying someone. */
export const suppressedText = (minCell: number | null = DEFAULT_MIN_CELL) =>
  `fewer than ${minCell ?? DEFAULT_MIN_CELL}`;
/** A median the API withholds because too few decisions went into it. */
export const suppressedMedianText = (minCell: number | null = DEFAULT_MIN_CELL) =>
  `fewer than ${minCell ?? DEFAULT_MIN_CELL} decisions`;
/** A number the API withholds so that sums of the others cannot give a small one back. */
export const WITHHELD = 'withheld';
export const NO_DECISION = '–';

/**
 * A table cell in words. A count the API withholds as small reads "fewer than 5" (the answer's
 * minCell), one withheld to protect another reads "withheld"; a median is null when no case of the
 * group was decided.
 */
export function cellText(
  item: StatsItem,
  field: StatsField,
  minCell: number | null = DEFAULT_MIN_CELL,
): string {
  const reason = item.withheld?.[field];
  if (reason === 'complementary') return WITHHELD;
  if (reason === 'small') {
    return field === 'medianDaysToDecision' ? suppressedMedianText(minCell) : suppressedText(minCell);
  }
  const value = item[field];
  if (value === null || value === undefined) return NO_DECISION;
  return value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** The group's name in words: "Mar 2026", an action type's label, or "Not recorded" for none. */
export function groupLabel(groupBy: GroupBy, key: string | null): string {
  if (key === null || key === '') return 'Not recorded';
  if (groupBy === 'month') {
    const m = MONTH.exec(key);
    if (!m) return key;
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleDateString('en-GB', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  }
  if (groupBy === 'actionType') return ACTION_LABELS[key as keyof typeof ACTION_LABELS] ?? key;
  return key;
}

/** The rows a chart draws: the group's name and the numbers (a withheld number is left out, not drawn as 0). */
export function chartRows(
  groupBy: GroupBy,
  items: StatsItem[],
  fields: StatsField[],
): Record<string, string | number | null>[] {
  return items.map((item) => {
    const row: Record<string, string | number | null> = { group: groupLabel(groupBy, item.key) };
    for (const f of fields) row[f] = item[f] ?? null;
    return row;
  });
}
