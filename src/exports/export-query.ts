import { ActionType, CaseStatus } from '../cases/case-status';
import { DATE_FORM, INSTANT_FORM, rangeEnd, rangeStart } from '../http/dates';
import { DomainError } from '../http/domain-error';

/** What a timeline export covers (PRODUCT.md: case filters, from/to on occurredAt). Pure. */
export interface ExportFilters {
  caseId?: string[];
  status?: CaseStatus[];
  actionType?: ActionType[];
  region?: string;
  constituencyParty?: string;
  issuingBody?: string;
  /** Inclusive lower bound on occurredAt (ISO 8601 date or date-time). */
  from?: string;
  /** Inclusive upper bound on occurredAt; a bare date includes that whole day. */
  to?: string;
  includeSuperseded?: boolean;
}

export interface ExportScope {
  filters: ExportFilters;
  pseudonymise: boolean;
  /** A researcher's export: only cases whose member gave consentToResearch. */
  consentingMembersOnly: boolean;
  /** TimelineJS leaves superseded events out whatever the filter says. */
  excludeSuperseded?: boolean;
}

export type Dialect = 'sqlite' | 'postgres';

/** A timestamp as the column holds it: SQLite keeps UTC text 'YYYY-MM-DD HH:MM:SS.SSS'. */
export function timestampParam(dialect: Dialect, date: Date): string {
  const iso = date.toISOString();
  return dialect === 'sqlite' ? iso.replace('T', ' ').replace('Z', '') : iso;
}

/**
 * [from, to], both inclusive, as instants (a bare `to` date ends at that day's last millisecond).
 * Throws a 400 naming the bound when one is not a date or an RFC 3339 instant: exportScope calls
 * it before a streamed export sends its headers, so a bad bound is never found half-way.
 */
export function occurredRange(filters: ExportFilters): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  if (filters.from !== undefined) range.from = rangeStart(filters.from) ?? invalidBound('from');
  if (filters.to !== undefined) range.to = rangeEnd(filters.to) ?? invalidBound('to');
  return range;
}

function invalidBound(name: 'from' | 'to'): never {
  throw new DomainError('INVALID', `${name} must be ${DATE_FORM} or ${INSTANT_FORM}`);
}

/** Builds SQL with `?` placeholders and renumbers them for PostgreSQL at the end. */
export class SqlBuilder {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  constructor(readonly dialect: Dialect) {}

  param(value: unknown): string {
    this.params.push(value);
    return '?';
  }

  list(values: unknown[]): string {
    return values.map((v) => this.param(v)).join(', ');
  }

  where(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  whereClause(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }

  finish(sql: string): { sql: string; params: unknown[] } {
    if (this.dialect === 'sqlite') return { sql, params: this.params };
    let i = 0;
    return { sql: sql.replace(/\?/g, () => `$${++i}`), params: this.params };
  }
}

/** The case and member conditions shared by exports and statistics (aliases c and m). */
export function addCaseConditions(
  b: SqlBuilder,
  filters: Pick<
    ExportFilters,
    'caseId' | 'status' | 'actionType' | 'region' | 'constituencyParty' | 'issuingBody'
  >,
  consentingMembersOnly: boolean,
): void {
  if (filters.caseId?.length) b.where(`c.id IN (${b.list(filters.caseId)})`);
  if (filters.status?.length) b.where(`c.status IN (${b.list(filters.status)})`);
  if (filters.actionType?.length) b.where(`c.action_type IN (${b.list(filters.actionType)})`);
  if (filters.region) b.where(`m.region = ${b.param(filters.region)}`);
  if (filters.constituencyParty) b.where(`m.constituency_party = ${b.param(filters.constituencyParty)}`);
  if (filters.issuingBody) b.where(`c.issuing_body = ${b.param(filters.issuingBody)}`);
  if (consentingMembersOnly) b.where(`m.consent_to_research = ${b.param(true)}`);
}

export interface Cursor {
  occurredAt: unknown;
  id: string;
}

/**
 * One keyset page of the export's events, in (occurred_at, id) order, with the columns of their
 * case and member: the index idx_timeline_occurred serves the order, so every page costs the same
 * however deep into the export it is. The case and member conditions are one
 * `case_id IN (subquery)`; the case and member columns are joined by primary key for each event
 * (`withIdentifiers`: the member's email, phone and membership number too, which pseudonymisation
 * needs to take them out of free text). On SQLite the events are the outer loop of the join
 * (CROSS JOIN) and the unary + keeps the planner on the order index instead of driving from the
 * case index and sorting every remaining event on every page.
 */
export function timelinePageQuery(
  dialect: Dialect,
  scope: ExportScope,
  after: Cursor | null,
  limit: number,
  /** A table holding the ids of exportedCasesQuery, filled once per export: read instead of it. */
  caseSet?: string,
): { sql: string; params: unknown[] } {
  const b = new SqlBuilder(dialect);
  const { caseId } = scope.filters;
  // A few named cases: their own index is the better start, and sorting their events is cheap.
  if (caseId?.length) b.where(`e.case_id IN (${b.list(caseId)})`);
  const cases = exportedCasesQuery(dialect, scope);
  if (cases) {
    const column = dialect === 'sqlite' && !caseId?.length ? '+e.case_id' : 'e.case_id';
    if (caseSet) b.where(`${column} IN (SELECT id FROM ${caseSet})`);
    else {
      b.where(`${column} IN (${cases.sql})`);
      b.params.push(...cases.params);
    }
  }
  if (!scope.filters.includeSuperseded || scope.excludeSuperseded) b.where('e.superseded_by IS NULL');
  const range = occurredRange(scope.filters);
  if (range.from) b.where(`e.occurred_at >= ${b.param(timestampParam(dialect, range.from))}`);
  if (range.to) b.where(`e.occurred_at <= ${b.param(timestampParam(dialect, range.to))}`);
  if (after) b.where(`(e.occurred_at, e.id) > (${b.param(after.occurredAt)}, ${b.param(after.id)})`);
  const join = dialect === 'sqlite' ? 'CROSS JOIN' : 'JOIN';
  const identifiers = scope.pseudonymise ? ', me.email, me.phone, me.membership_number' : '';
  return b.finish(
    `SELECT e.id, e.type, e.occurred_at, e."precision" AS precision, e.title, e.description, e.source,
       e.evidence_ids, e.recorded_at, e.recorded_by, e.supersedes, e.superseded_by,
       ca.reference, ca.action_type, ca.status, ca.member_id, me.full_name, me.region,
       me.constituency_party${identifiers}
     FROM timeline_events e
     ${join} cases ca ON ca.id = e.case_id
     ${join} members me ON me.id = ca.member_id
     ${b.whereClause()}
     ORDER BY e.occurred_at, e.id
     LIMIT ${Number(limit)}`,
  );
}

/**
 * The ids of the cases an export's case and member conditions allow (caseId aside), with `?`
 * placeholders; null when there are none, i.e. every case. Evaluated once per export where it can
 * be (a temporary table on the export's own SQLite connection), since each page would otherwise
 * evaluate it again.
 */
export function exportedCasesQuery(
  dialect: Dialect,
  scope: ExportScope,
): { sql: string; params: unknown[] } | null {
  const { caseId: _caseId, ...caseFilters } = scope.filters;
  const cases = new SqlBuilder(dialect);
  addCaseConditions(cases, caseFilters, scope.consentingMembersOnly);
  if (!cases.params.length) return null;
  return {
    sql: `SELECT c.id FROM cases c JOIN members m ON m.id = c.member_id ${cases.whereClause()}`,
    params: cases.params,
  };
}
