import { Injectable } from '@nestjs/common';
import { newId } from '../database/new-id';
import { EntityManager, IsNull } from 'typeorm';
import { insertRows } from '../database/row-insert';
import { DomainError } from '../http/domain-error';
import { timelineLeaf } from '../log/log-records';
import { LogWriter } from '../log/log-writer';
import { DatePrecision, TimelineEvent, TimelineEventType } from './timeline-event.entity';

export interface NewTimelineEvent {
  caseId: string;
  type: TimelineEventType;
  occurredAt: Date;
  precision: DatePrecision;
  title: string;
  description?: string | null;
  source?: string | null;
  evidenceIds?: string[];
  recordedBy: string;
  supersedes?: string | null;
  appealId?: string | null;
}

export type EventCorrection = Partial<
  Pick<
    NewTimelineEvent,
    'type' | 'occurredAt' | 'precision' | 'title' | 'description' | 'source' | 'evidenceIds'
  >
>;

/**
 * Appends events inside the caller's transaction. Events are never updated or deleted here;
 * the one change ever made to a stored event is setting its supersededBy, once, in supersede().
 */
@Injectable()
export class TimelineWriter {
  constructor(private readonly log: LogWriter) {}

  async append(manager: EntityManager, event: NewTimelineEvent): Promise<TimelineEvent> {
    const [stored] = await this.appendAll(manager, [event]);
    return stored;
  }

  /** Several events in one INSERT; ids and recordedAt are set here, so nothing is read back. */
  async appendAll(manager: EntityManager, events: NewTimelineEvent[]): Promise<TimelineEvent[]> {
    if (!events.length) return [];
    const repo = manager.getRepository(TimelineEvent);
    const recordedAt = new Date();
    const rows = events.map((event) =>
      repo.create({
        ...event,
        id: newId(),
        description: event.description ?? null,
        source: event.source ?? null,
        evidenceIds: event.evidenceIds ?? [],
        supersedes: event.supersedes ?? null,
        supersededBy: null,
        appealId: event.appealId ?? null,
        recordedAt,
      }),
    );
    await insertRows(manager, TimelineEvent, rows);
    await this.log.record(manager, rows.map(timelineLeaf));
    return rows;
  }

  /**
   * Corrects an event: appends a copy with the changes that supersedes it, and marks the original
   * as superseded. The original is otherwise kept as it was. 409 when it was already corrected.
   */
  async supersede(
    manager: EntityManager,
    original: TimelineEvent,
    changes: EventCorrection,
    recordedBy: string,
  ): Promise<TimelineEvent> {
    if (original.supersededBy) {
      throw new DomainError('CONFLICT', 'This event has already been corrected; correct the latest version', {
        supersededBy: original.supersededBy,
      });
    }
    const correction = await this.append(manager, {
      caseId: original.caseId,
      type: changes.type ?? original.type,
      occurredAt: changes.occurredAt ?? original.occurredAt,
      precision: changes.precision ?? original.precision,
      title: changes.title ?? original.title,
      description: changes.description !== undefined ? changes.description : original.description,
      source: changes.source !== undefined ? changes.source : original.source,
      evidenceIds: changes.evidenceIds ?? original.evidenceIds,
      recordedBy,
      supersedes: original.id,
      appealId: original.appealId,
    });
    // Conditional, so that of two concurrent corrections of one event only one lands.
    const marked = await manager
      .createQueryBuilder()
      .update(TimelineEvent)
      .set({ supersededBy: correction.id })
      .where('id = :id AND superseded_by IS NULL', { id: original.id })
      .execute();
    if (!marked.affected) throw new DomainError('CONFLICT', 'This event has already been corrected');
    return correction;
  }

  /** The current (not superseded) events of one type on a case, oldest first. */
  current(manager: EntityManager, caseId: string, type: TimelineEventType): Promise<TimelineEvent[]> {
    return manager.getRepository(TimelineEvent).find({
      where: { caseId, type, supersededBy: IsNull() },
      order: { occurredAt: 'ASC', recordedAt: 'ASC' },
    });
  }
}
