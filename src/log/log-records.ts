import { AuditEntry } from '../audit/audit-entry.entity';
import { EvidenceCustody } from '../evidence/evidence.entity';
import { TimelineEvent } from '../timeline/timeline-event.entity';
import { LeafFields, LeafKind } from './leaf';

/**
 * Which fields of each kind of record its leaf commits to, in leaf version 1. A leaf is derived
 * from the record as stored, at append time and again whenever the log is checked, so these
 * must read only what the database keeps exactly (dates to the millisecond, as ISO text).
 * Not covered: what is derived from other rows (an audit entry's chain hashes) and the one
 * column ever set later (a timeline event's superseded_by: its correction names it anyway).
 */
export interface LogEntry {
  kind: LeafKind;
  recordId: string;
  fields: LeafFields;
}

const iso = (d: Date) => d.toISOString();
// A column left unset on insert is stored as NULL, and read back so.

export function auditLeaf(e: AuditEntry): LogEntry {
  return {
    kind: 'audit',
    recordId: String(e.id),
    fields: {
      id: e.id,
      at: e.at,
      actorId: e.actorId ?? null,
      action: e.action,
      entityType: e.entityType ?? null,
      entityId: e.entityId ?? null,
      requestId: e.requestId ?? null,
      clientAddress: e.clientAddress ?? null,
      details: e.details,
    },
  };
}

/** The fields a timeline event's leaf commits to, by name in code-unit order (as the leaf lists them). */
export const TIMELINE_LEAF_FIELDS = [
  'appealId',
  'caseId',
  'description',
  'evidenceIds',
  'id',
  'occurredAt',
  'precision',
  'recordedAt',
  'recordedBy',
  'source',
  'supersedes',
  'title',
  'type',
] as const;

export function timelineLeaf(e: TimelineEvent): LogEntry {
  return {
    kind: 'timeline',
    recordId: e.id,
    fields: {
      id: e.id,
      caseId: e.caseId,
      type: e.type,
      occurredAt: iso(e.occurredAt),
      precision: e.precision,
      title: e.title,
      description: e.description ?? null,
      source: e.source ?? null,
      evidenceIds: e.evidenceIds,
      recordedAt: iso(e.recordedAt),
      recordedBy: e.recordedBy,
      supersedes: e.supersedes ?? null,
      appealId: e.appealId ?? null,
    },
  };
}

export function custodyLeaf(c: EvidenceCustody): LogEntry {
  return {
    kind: 'custody',
    recordId: String(c.id),
    fields: {
      id: c.id,
      evidenceId: c.evidenceId,
      action: c.action,
      actorId: c.actorId ?? null,
      at: iso(c.at),
      requestId: c.requestId ?? null,
      sha256: c.sha256 ?? null,
      note: c.note ?? null,
    },
  };
}
