import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CaseAccess } from '../cases/case-access';
import { isAllowedEventDate } from '../cases/date-rules';
import { TransactionService } from '../database/transaction.service';
import { notFound } from '../http/domain-error';
import { User } from '../users/user.entity';
import { CorrectEventDto, CreateEventDto } from './dto/create-event.dto';
import { TimelineEventResponseDto, toTimelineEventView } from './dto/timeline-event-response.dto';
import { parseOccurredAt } from './occurred-at';
import { DatePrecision, TimelineEvent, TimelineEventType } from './timeline-event.entity';
import { TimelineWriter } from './timeline-writer';

/** Only hearings may be dated in the future (a note dated next year is a typing mistake). */
function assertAllowedDate(type: TimelineEventType, when: { at: Date; precision: DatePrecision }): void {
  if (!isAllowedEventDate(type, when.at, when.precision)) {
    throw new BadRequestException([
      `occurredAt must not be in the future (only a ${TimelineEventType.Hearing} may be)`,
    ]);
  }
}

function occurredAtOrThrow(value: string, precision?: DatePrecision): { at: Date; precision: DatePrecision } {
  const parsed = parseOccurredAt(value, precision);
  if (!parsed.ok) throw new BadRequestException([parsed.message]);
  return { at: parsed.occurredAt, precision: parsed.precision };
}

/**
 * The timeline is append-only: events are added, and corrected by adding a new event that
 * supersedes the old one. The only change ever made to a stored event is setting its
 * supersededBy, once.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly writer: TimelineWriter,
    private readonly cases: CaseAccess,
  ) {}

  async list(caseId: string, currentOnly: boolean): Promise<TimelineEventResponseDto[]> {
    return this.tx.run(async (m) => {
      await this.cases.getCaseOr404(caseId, m);
      const events = await m.getRepository(TimelineEvent).find({
        where: { caseId, ...(currentOnly ? { supersededBy: IsNull() } : {}) },
        order: { occurredAt: 'ASC', recordedAt: 'ASC', id: 'ASC' },
      });
      await this.audit.record(m, {
        action: 'timeline.read',
        entityType: 'case',
        entityId: caseId,
        details: { events: events.length, currentOnly },
      });
      return events.map(toTimelineEventView);
    });
  }

  async create(user: User, caseId: string, dto: CreateEventDto): Promise<TimelineEventResponseDto> {
    const when = occurredAtOrThrow(dto.occurredAt, dto.precision);
    assertAllowedDate(dto.type, when);
    return this.tx.run(async (m) => {
      await this.cases.getCaseOr404(caseId, m);
      await this.checkEvidence(m, caseId, dto.evidenceIds ?? []);
      const event = await this.writer.append(m, {
        caseId,
        type: dto.type,
        occurredAt: when.at,
        precision: when.precision,
        title: dto.title.trim(),
        description: dto.description ?? null,
        source: dto.source?.trim() || null,
        evidenceIds: dto.evidenceIds ?? [],
        recordedBy: user.id,
      });
      await this.audit.record(m, {
        action: 'timeline.create',
        entityType: 'timeline_event',
        entityId: event.id,
        details: { caseId, type: event.type },
      });
      return toTimelineEventView(event);
    });
  }

  async correct(user: User, eventId: string, dto: CorrectEventDto): Promise<TimelineEventResponseDto> {
    if (dto.precision !== undefined && dto.occurredAt === undefined)
      throw new BadRequestException(['occurredAt is required when precision is given']);
    const when = dto.occurredAt !== undefined ? occurredAtOrThrow(dto.occurredAt, dto.precision) : null;
    return this.tx.run(async (m) => {
      const repo = m.getRepository(TimelineEvent);
      const original = await repo.findOneBy({ id: eventId });
      if (!original) throw notFound('Event');
      // The corrected event as it will read: a type or a date left out is the original's.
      assertAllowedDate(
        dto.type ?? original.type,
        when ?? { at: original.occurredAt, precision: original.precision },
      );
      if (dto.evidenceIds) await this.checkEvidence(m, original.caseId, dto.evidenceIds);
      const correction = await this.writer.supersede(
        m,
        original,
        {
          type: dto.type,
          occurredAt: when?.at,
          precision: when?.precision,
          title: dto.title?.trim(),
          description: dto.description,
          source: dto.source !== undefined ? dto.source.trim() || null : undefined,
          evidenceIds: dto.evidenceIds,
        },
        user.id,
      );
      await this.audit.record(m, {
        action: 'timeline.correct',
        entityType: 'timeline_event',
        entityId: correction.id,
        details: { caseId: original.caseId, supersedes: original.id },
      });
      return toTimelineEventView(correction);
    });
  }

  /**
   * evidenceIds must name evidence of this case. The evidence feature owns its table; it is
   * looked up through whatever entity maps the `evidence` table, when one is registered.
   */
  private async checkEvidence(m: EntityManager, caseId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const unique = Array.from(new Set(ids));
    const meta = m.connection.entityMetadatas.find((e) => e.tableName === 'evidence');
    if (!meta || !meta.findColumnWithPropertyName('caseId')) {
      throw new BadRequestException(['evidenceIds must name evidence of this case']);
    }
    const found = await m.getRepository(meta.target).count({ where: { id: In(unique), caseId } });
    if (found !== unique.length)
      throw new BadRequestException(['evidenceIds must name evidence of this case']);
  }
}
