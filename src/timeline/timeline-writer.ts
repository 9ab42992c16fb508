import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
}

/** Appends events inside the caller's transaction. Events are never updated or deleted here. */
@Injectable()
export class TimelineWriter {
  async append(manager: EntityManager, event: NewTimelineEvent): Promise<TimelineEvent> {
    const repo = manager.getRepository(TimelineEvent);
    return repo.save(
      repo.create({
        ...event,
        description: event.description ?? null,
        source: event.source ?? null,
        evidenceIds: event.evidenceIds ?? [],
        supersedes: event.supersedes ?? null,
        supersededBy: null,
        recordedAt: new Date(),
      }),
    );
  }
}
