export enum CaseStatus {
  Intake = 'intake',
  GatheringEvidence = 'gathering_evidence',
  AppealLodged = 'appeal_lodged',
  HearingScheduled = 'hearing_scheduled',
  AwaitingDecision = 'awaiting_decision',
  Upheld = 'upheld',
  Escalated = 'escalated',
  Closed = 'closed',
  Reinstated = 'reinstated',
}

export enum ActionType {
  AdministrativeSuspension = 'administrative_suspension',
  Suspension = 'suspension',
  AutoExclusion = 'auto_exclusion',
  Expulsion = 'expulsion',
}

export enum Priority {
  Low = 'low',
  Normal = 'normal',
  High = 'high',
  Urgent = 'urgent',
}

/** Statuses in which the campaign is over: not "open". */
export const FINISHED_STATUSES: readonly CaseStatus[] = [CaseStatus.Reinstated, CaseStatus.Closed];
