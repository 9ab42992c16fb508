import { Role } from '../users/role';
import { CaseStatus } from './case-status';

/** Ends an exhaustive switch: the compiler proves it is never reached. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}

export const CASE_STATUSES: readonly CaseStatus[] = Object.values(CaseStatus);

/** The reinstatement campaign's workflow table (PRODUCT.md), the only source of legal moves. */
export const WORKFLOW: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  [CaseStatus.Intake]: [CaseStatus.GatheringEvidence, CaseStatus.AppealLodged, CaseStatus.Closed],
  [CaseStatus.GatheringEvidence]: [CaseStatus.AppealLodged, CaseStatus.Closed],
  [CaseStatus.AppealLodged]: [CaseStatus.HearingScheduled, CaseStatus.AwaitingDecision, CaseStatus.Closed],
  [CaseStatus.HearingScheduled]: [CaseStatus.AwaitingDecision, CaseStatus.Closed],
  [CaseStatus.AwaitingDecision]: [CaseStatus.Reinstated, CaseStatus.Upheld],
  [CaseStatus.Upheld]: [CaseStatus.AppealLodged, CaseStatus.Escalated, CaseStatus.Closed],
  [CaseStatus.Escalated]: [CaseStatus.Reinstated, CaseStatus.Upheld, CaseStatus.Closed],
  [CaseStatus.Closed]: [CaseStatus.GatheringEvidence],
  [CaseStatus.Reinstated]: [],
};

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

export function allowedNext(from: CaseStatus): readonly CaseStatus[] {
  return WORKFLOW[from];
}

export function isAllowed(from: CaseStatus, to: CaseStatus): boolean {
  return WORKFLOW[from].includes(to);
}

/** What the caller may do next: researchers never move cases; everyone else may follow the table. */
export function allowedTransitionsFor(role: Role, status: CaseStatus): CaseStatus[] {
  switch (role) {
    case Role.Researcher:
      return [];
    case Role.Admin:
    case Role.Caseworker:
    case Role.Coordinator:
      return [...WORKFLOW[status]];
    default:
      return assertNever(role);
  }
}

/** The facts the guards look at, gathered by the service from the database and the request. */
export interface TransitionContext {
  /** The case's pending appeal, if any. */
  pendingAppeal: { hearingAt: Date | null } | null;
  /** When the step happened in the world, as given by the caller (undefined when not given). */
  occurredAt?: Date | null;
  reason?: string | null;
}

export type MissingRequirement = 'pending_appeal' | 'hearing_date' | 'decision_date' | 'reason';

export const MISSING_MESSAGES: Readonly<Record<MissingRequirement, string>> = {
  pending_appeal: 'a pending appeal (lodge the appeal first)',
  hearing_date: "the pending appeal's hearing date (hearingAt)",
  decision_date: 'the decision date (occurredAt)',
  reason: 'a reason',
};

export type AppealDecision = 'allowed' | 'dismissed';

/** For the decisions, the outcome the pending appeal gets; null for every other status. */
export function decisionOutcome(to: CaseStatus): AppealDecision | null {
  switch (to) {
    case CaseStatus.Reinstated:
      return 'allowed';
    case CaseStatus.Upheld:
      return 'dismissed';
    case CaseStatus.Intake:
    case CaseStatus.GatheringEvidence:
    case CaseStatus.AppealLodged:
    case CaseStatus.HearingScheduled:
    case CaseStatus.AwaitingDecision:
    case CaseStatus.Escalated:
    case CaseStatus.Closed:
      return null;
    default:
      return assertNever(to);
  }
}

/** The guards of PRODUCT.md for a legal move from → to: what is missing, in a stable order. */
export function missingRequirements(
  from: CaseStatus,
  to: CaseStatus,
  ctx: TransitionContext,
): MissingRequirement[] {
  const hasReason = typeof ctx.reason === 'string' && ctx.reason.trim().length > 0;
  switch (to) {
    case CaseStatus.AppealLodged:
      return ctx.pendingAppeal ? [] : ['pending_appeal'];
    case CaseStatus.HearingScheduled:
      if (!ctx.pendingAppeal) return ['pending_appeal', 'hearing_date'];
      return ctx.pendingAppeal.hearingAt ? [] : ['hearing_date'];
    case CaseStatus.Reinstated:
    case CaseStatus.Upheld:
      return ctx.occurredAt ? [] : ['decision_date'];
    case CaseStatus.Closed:
      return hasReason ? [] : ['reason'];
    case CaseStatus.GatheringEvidence:
      // Reopening a closed case needs a reason; starting to gather evidence does not.
      return from === CaseStatus.Closed && !hasReason ? ['reason'] : [];
    case CaseStatus.Intake:
    case CaseStatus.AwaitingDecision:
    case CaseStatus.Escalated:
      return [];
    default:
      return assertNever(to);
  }
}

export type TransitionCheck =
  | { ok: true; appealOutcome: AppealDecision | null }
  | { ok: false; kind: 'illegal'; allowed: CaseStatus[] }
  | { ok: false; kind: 'guard'; missing: MissingRequirement[] };

/** The whole decision for one transition request: table first, then guards. */
export function checkTransition(from: CaseStatus, to: CaseStatus, ctx: TransitionContext): TransitionCheck {
  if (!isAllowed(from, to)) return { ok: false, kind: 'illegal', allowed: [...WORKFLOW[from]] };
  const missing = missingRequirements(from, to, ctx);
  if (missing.length) return { ok: false, kind: 'guard', missing };
  return { ok: true, appealOutcome: decisionOutcome(to) };
}

export function describeMissing(to: CaseStatus, missing: MissingRequirement[]): string {
  return `Moving to ${to} needs ${missing.map((m) => MISSING_MESSAGES[m]).join(' and ')}`;
}

/** Replays a recorded history from the first status; throws on a step the table does not allow. */
export function replay(
  initial: CaseStatus,
  history: readonly { from: CaseStatus; to: CaseStatus }[],
): CaseStatus {
  let status = initial;
  for (const [i, step] of history.entries()) {
    if (step.from !== status) throw new Error(`step ${i} starts at ${step.from}, expected ${status}`);
    if (!isAllowed(step.from, step.to)) throw new Error(`step ${i} ${step.from} → ${step.to} is not allowed`);
    status = step.to;
  }
  return status;
}

/**
 * Orders a case's recorded transitions: by recorded time, and where times tie (same clock tick)
 * by following the chain from → to from the initial status.
 */
export function orderTransitions<T extends { from: CaseStatus; to: CaseStatus; recordedAt: Date }>(
  rows: readonly T[],
  initial: CaseStatus = CaseStatus.Intake,
): T[] {
  const remaining = [...rows].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const ordered: T[] = [];
  let status = initial;
  while (remaining.length) {
    const first = remaining[0].recordedAt.getTime();
    const tied = remaining.filter((r) => r.recordedAt.getTime() === first);
    const next = tied.find((r) => r.from === status) ?? remaining[0];
    remaining.splice(remaining.indexOf(next), 1);
    ordered.push(next);
    status = next.to;
  }
  return ordered;
}
