import { CaseStatus } from '../cases/case-status';
import type { StatsRow } from './stats-suppression';
import { addCaseConditions, Dialect, ExportFilters, SqlBuilder } from '../exports/export-query';

/** Pure SQL for the summary statistics; one text serves SQLite and PostgreSQL. */
export const GROUP_BY = ['month', 'region', 'actionType', 'issuingBody'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface StatsFilters extends Pick<
  ExportFilters,
  'status' | 'actionType' | 'region' | 'constituencyParty' | 'issuingBody'
> {
  /** Inclusive bounds on actionDate, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

function groupKey(dialect: Dialect, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'month':
      // action_date is TEXT 'YYYY-MM-DD' on SQLite and a date on PostgreSQL.
      return dialect === 'sqlite' ? 'substr(c.action_date, 1, 7)' : `to_char(c.action_date, 'YYYY-MM')`;
    case 'region':
      return 'm.region';
    case 'actionType':
      return 'c.action_type';
    case 'issuingBody':
      return 'c.issuing_body';
  }
}

function filtered(dialect: Dialect, filters: StatsFilters, consentingMembersOnly: boolean): SqlBuilder {
  const b = new SqlBuilder(dialect);
  addCaseConditions(b, filters, consentingMembersOnly);
  if (filters.from) b.where(`c.action_date >= ${b.param(filters.from)}`);
  if (filters.to) b.where(`c.action_date <= ${b.param(filters.to)}`);
  return b;
}

/** Whole days from the case's notification to the day of its decision. */
function daysToDecision(dialect: Dialect): string {
  return dialect === 'sqlite'
    ? `CAST(julianday(date(d.decided_at)) - julianday(c.notified_at) AS INTEGER)`
    : `((d.decided_at AT TIME ZONE 'UTC')::date - c.notified_at)`;
}

/**
 * The decision date of a case is the occurred_at of its FIRST transition into reinstated or
 * upheld (the date the hearing body decided, as recorded by the workflow guard). A case that was
 * upheld, appealed again and later reinstated is measured to its first decision: the statistic is
 * how long members waited for an answer.
 */
const DECISIONS = `SELECT case_id, MIN(occurred_at) AS decided_at FROM case_transitions
  WHERE to_status IN ('${CaseStatus.Reinstated}', '${CaseStatus.Upheld}') GROUP BY case_id`;

/** Counts per group in one aggregate query. */
export function countsQuery(
  dialect: Dialect,
  groupBy: GroupBy,
  filters: StatsFilters,
  consentingMembersOnly: boolean,
) {
  const b = filtered(dialect, filters, consentingMembersOnly);
  const count = (statuses: CaseStatus[], negate = false) =>
    `SUM(CASE WHEN c.status ${negate ? 'NOT ' : ''}IN (${statuses.map((s) => `'${s}'`).join(', ')}) THEN 1 ELSE 0 END)`;
  return b.finish(
    `SELECT ${groupKey(dialect, groupBy)} AS key,
       COUNT(*) AS cases,
       ${count([CaseStatus.Reinstated, CaseStatus.Closed], true)} AS open,
       ${count([CaseStatus.Reinstated])} AS reinstated,
       ${count([CaseStatus.Upheld])} AS upheld,
       ${count([CaseStatus.Closed])} AS closed
     FROM cases c JOIN members m ON m.id = c.member_id
     ${b.whereClause()}
     GROUP BY ${groupKey(dialect, groupBy)}
     ORDER BY 1`,
  );
}

/**
 * The median of days-to-decision per group, in SQL: the decided cases' durations are ranked
 * within each group by a window function and the middle one (or the mean of the middle two) is
 * kept. Window functions and integer division behave the same on SQLite (3.25+) and PostgreSQL.
 */
export function mediansQuery(
  dialect: Dialect,
  groupBy: GroupBy,
  filters: StatsFilters,
  consentingMembersOnly: boolean,
) {
  const b = filtered(dialect, filters, consentingMembersOnly);
  return b.finish(
    `WITH durations AS (
       SELECT ${groupKey(dialect, groupBy)} AS key, ${daysToDecision(dialect)} AS days
       FROM cases c
       JOIN members m ON m.id = c.member_id
       JOIN (${DECISIONS}) d ON d.case_id = c.id
       ${b.whereClause()}
     ), ranked AS (
       SELECT key, days,
         ROW_NUMBER() OVER (PARTITION BY key ORDER BY days) AS rn,
         COUNT(*) OVER (PARTITION BY key) AS n
       FROM durations
     )
     SELECT key, AVG(days * 1.0) AS median, MAX(n) AS decided FROM ranked
     WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
     GROUP BY key`,
  );
}

/** Joins the two result sets; drivers return counts as strings (pg bigint) or numbers. */
export function mergeStats(
  counts: Record<string, unknown>[],
  medians: { key: string | null; median: unknown; decided?: unknown }[],
): StatsRow[] {
  const byKey = new Map(medians.map((m) => [m.key ?? null, m.median === null ? null : Number(m.median)]));
  const decided = new Map(medians.map((m) => [m.key ?? null, Number(m.decided ?? 0)]));
  return counts.map((row) => ({
    key: (row.key as string | null) ?? null,
    cases: Number(row.cases),
    open: Number(row.open),
    reinstated: Number(row.reinstated),
    upheld: Number(row.upheld),
    closed: Number(row.closed),
    medianDaysToDecision: byKey.get((row.key as string | null) ?? null) ?? null,
    decided: decided.get((row.key as string | null) ?? null) ?? 0,
  }));
}
