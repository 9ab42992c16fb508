import { EntityManager, In } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { EvidenceCustody } from '../evidence/evidence.entity';
import { TimelineEvent } from '../timeline/timeline-event.entity';
import { LeafKind } from './leaf';
import { auditLeaf, custodyLeaf, LogEntry, timelineLeaf } from './log-records';

/**
 * Reads records back as the log sees them: only the columns their leaves cover (so a column
 * added to a table later does not break an earlier migration that reads it), through TypeORM's
 * hydration, so a date read back is the Date that was written.
 */
const SOURCES = {
  audit: {
    entity: AuditEntry,
    columns: [
      'id',
      'at',
      'actorId',
      'action',
      'entityType',
      'entityId',
      'requestId',
      'clientAddress',
      'details',
    ],
    time: 'at',
    toEntry: (r: object) => auditLeaf(r as AuditEntry),
    numericId: true,
  },
  timeline: {
    entity: TimelineEvent,
    columns: [
      'id',
      'caseId',
      'type',
      'occurredAt',
      'precision',
      'title',
      'description',
      'source',
      'evidenceIds',
      'recordedAt',
      'recordedBy',
      'supersedes',
      'appealId',
    ],
    time: 'recordedAt',
    toEntry: (r: object) => timelineLeaf(r as TimelineEvent),
    numericId: false,
  },
  custody: {
    entity: EvidenceCustody,
    columns: ['id', 'evidenceId', 'action', 'actorId', 'at', 'requestId', 'sha256', 'note'],
    time: 'at',
    toEntry: (r: object) => custodyLeaf(r as EvidenceCustody),
    numericId: true,
  },
} as const;

/** The log entries of the records of one kind with these ids, by record id; a missing record is absent. */
export async function readLogEntries(
  manager: EntityManager,
  kind: LeafKind,
  recordIds: string[],
): Promise<Map<string, LogEntry>> {
  const source = SOURCES[kind];
  const found = new Map<string, LogEntry>();
  for (let i = 0; i < recordIds.length; i += 500) {
    const ids = recordIds.slice(i, i + 500).map((id) => (source.numericId ? Number(id) : id));
    const rows = await manager.getRepository(source.entity).find({
      select: Object.fromEntries(source.columns.map((c) => [c, true])),
      where: { id: In(ids) },
    });
    for (const row of rows) {
      const entry = source.toEntry(row);
      found.set(entry.recordId, entry);
    }
  }
  return found;
}

export interface RecordRef {
  kind: LeafKind;
  recordId: string;
  at: number;
}

/** Every record of every kind, oldest first (ties: audit, timeline, custody, then id): the order of the backfill. */
export async function allRecordsInRecordedOrder(manager: EntityManager): Promise<RecordRef[]> {
  const refs: RecordRef[] = [];
  for (const kind of ['audit', 'timeline', 'custody'] as const) {
    const source = SOURCES[kind];
    const rows = await manager
      .getRepository(source.entity)
      .find({ select: { id: true, [source.time]: true } });
    for (const row of rows as unknown as Record<string, unknown>[]) {
      const time = row[source.time];
      refs.push({ kind, recordId: String(row.id), at: new Date(time as string | Date).getTime() });
    }
  }
  const rank = { audit: 0, timeline: 1, custody: 2 };
  const byId = (a: string, b: string) =>
    /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;
  return refs.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind] || byId(a.recordId, b.recordId));
}
