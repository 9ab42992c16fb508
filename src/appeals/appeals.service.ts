import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CaseAccess } from '../cases/case-access';
import { dateAtUtcMidnight, toDateString } from '../cases/case-dates';
import { CaseLifecycle } from '../cases/case-lifecycle';
import { CaseStatus } from '../cases/case-status';
import { appealDateConflicts, assertNoDateConflicts } from '../cases/date-rules';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { DATE_OR_INSTANT_FORM, parseDateOrInstant } from '../http/dates';
import { DomainError, notFound } from '../http/domain-error';
import { TimelineWriter } from '../timeline/timeline-writer';
import { DatePrecision, TimelineEvent, TimelineEventType } from '../timeline/timeline-event.entity';
import { User } from '../users/user.entity';
import { Appeal, AppealOutcome } from './appeal.entity';
import { AppealResponseDto, toAppealView } from './dto/appeal-response.dto';
import { CreateAppealDto } from './dto/create-appeal.dto';
import { UpdateAppealDto } from './dto/update-appeal.dto';

/** A hearing given as a date (day precision) or an instant; the DTO has checked it parses. */
function hearingDate(value: string): { at: Date; precision: DatePrecision } {
  const parsed = parseDateOrInstant(value);
  if (!parsed) throw new DomainError('INVALID', `hearingAt must be ${DATE_OR_INSTANT_FORM}`);
  return parsed.kind === 'date'
    ? { at: dateAtUtcMidnight(parsed.date), precision: DatePrecision.Day }
    : { at: parsed.at, precision: DatePrecision.Exact };
}

@Injectable()
export class AppealsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly timeline: TimelineWriter,
    private readonly lifecycle: CaseLifecycle,
    private readonly cases: CaseAccess,
    private readonly reads: ReadDatabase,
  ) {}

  async create(user: User, caseId: string, dto: CreateAppealDto): Promise<AppealResponseDto> {
    return this.tx.run(async (m) => {
      const c = await this.cases.getCaseOr404(caseId, m);
      if (c.status === CaseStatus.Reinstated)
        throw new DomainError('CONFLICT', 'The member has been reinstated: this case takes no more appeals');
      const repo = m.getRepository(Appeal);
      const pending = await repo.findOneBy({ caseId, outcome: AppealOutcome.Pending });
      if (pending) {
        throw new DomainError('CONFLICT', 'This case already has a pending appeal', {
          existingId: pending.id,
        });
      }
      const hearing = dto.hearingAt ? hearingDate(dto.hearingAt) : null;
      assertNoDateConflicts(
        appealDateConflicts(
          { lodgedAt: dto.lodgedAt, hearingAt: hearing?.at ?? null, decidedAt: null, decided: false },
          ['lodgedAt', 'hearingAt'],
        ),
      );
      const appeal = await repo.save(
        repo.create({
          caseId,
          lodgedAt: dto.lodgedAt,
          body: dto.body.trim(),
          grounds: dto.grounds ?? null,
          hearingAt: hearing?.at ?? null,
          outcome: AppealOutcome.Pending,
          decidedAt: null,
          createdBy: user.id,
        }),
      );
      await this.timeline.append(m, {
        caseId,
        type: TimelineEventType.AppealLodged,
        occurredAt: dateAtUtcMidnight(dto.lodgedAt),
        precision: DatePrecision.Day,
        title: `Appeal lodged with ${appeal.body}`,
        recordedBy: user.id,
        appealId: appeal.id,
      });
      if (hearing) await this.hearingEvent(m, user, appeal, hearing, null);
      await this.audit.record(m, {
        action: 'appeal.create',
        entityType: 'appeal',
        entityId: appeal.id,
        details: { caseId, hearingSet: Boolean(hearing) },
      });
      await this.lifecycle.changed(m, { kind: 'appeal_created', caseId, appealId: appeal.id });
      return toAppealView(appeal);
    });
  }

  async list(caseId: string): Promise<AppealResponseDto[]> {
    await this.cases.getCaseOr404(caseId);
    const appeals = await this.reads.source.getRepository(Appeal).find({
      where: { caseId },
      order: { lodgedAt: 'ASC', createdAt: 'ASC' },
    });
    return appeals.map(toAppealView);
  }

  async update(user: User, id: string, dto: UpdateAppealDto): Promise<AppealResponseDto> {
    return this.tx.run(async (m) => {
      const repo = m.getRepository(Appeal);
      const appeal = await repo.findOneBy({ id });
      if (!appeal) throw notFound('Appeal');
      if (appeal.version !== dto.version) throw stale(appeal.version);
      const patch: Partial<Appeal> = {};
      if (dto.lodgedAt !== undefined) patch.lodgedAt = dto.lodgedAt;
      if (dto.body !== undefined) patch.body = dto.body.trim();
      if (dto.grounds !== undefined) patch.grounds = dto.grounds;
      let hearing: { at: Date; precision: DatePrecision } | null = null;
      if (dto.hearingAt !== undefined) {
        hearing = dto.hearingAt === null ? null : hearingDate(dto.hearingAt);
        patch.hearingAt = hearing?.at ?? null;
      }
      if (dto.outcome === AppealOutcome.Withdrawn) {
        if (appeal.outcome !== AppealOutcome.Pending)
          throw new DomainError(
            'CONFLICT',
            `Only a pending appeal can be withdrawn (this one is ${appeal.outcome})`,
          );
        patch.outcome = AppealOutcome.Withdrawn;
        // Today, or the lodging date when that is already today east of UTC and not yet here.
        const today = toDateString(new Date());
        const lodgedAt = patch.lodgedAt ?? appeal.lodgedAt;
        patch.decidedAt = lodgedAt > today ? lodgedAt : today;
      }
      const outcome = patch.outcome ?? appeal.outcome;
      assertNoDateConflicts(
        appealDateConflicts(
          {
            lodgedAt: patch.lodgedAt ?? appeal.lodgedAt,
            hearingAt: patch.hearingAt !== undefined ? patch.hearingAt : appeal.hearingAt,
            decidedAt: patch.decidedAt !== undefined ? patch.decidedAt : appeal.decidedAt,
            decided: outcome === AppealOutcome.Allowed || outcome === AppealOutcome.Dismissed,
          },
          Object.keys(patch),
        ),
      );
      const changed = (Object.keys(patch) as (keyof Appeal)[]).filter(
        (k) =>
          String(patch[k] instanceof Date ? (patch[k] as Date).getTime() : patch[k]) !==
          String(appeal[k] instanceof Date ? (appeal[k] as Date).getTime() : appeal[k]),
      );
      const result = await m
        .createQueryBuilder()
        .update(Appeal)
        .set({ ...patch, version: () => 'version + 1', updatedAt: new Date() })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (!result.affected) throw stale(appeal.version);

      if (changed.includes('lodgedAt') || changed.includes('body')) {
        await this.correctLodgedEvent(m, user, { ...appeal, ...patch } as Appeal);
      }
      if (changed.includes('hearingAt')) await this.hearingEvent(m, user, appeal, hearing, appeal.hearingAt);
      if (patch.outcome === AppealOutcome.Withdrawn) {
        await this.timeline.append(m, {
          caseId: appeal.caseId,
          type: TimelineEventType.Note,
          occurredAt: new Date(),
          precision: DatePrecision.Exact,
          title: `Appeal to ${patch.body ?? appeal.body} withdrawn`,
          recordedBy: user.id,
        });
      }
      await this.audit.record(m, {
        action: 'appeal.update',
        entityType: 'appeal',
        entityId: id,
        details: { caseId: appeal.caseId, changed },
      });
      await this.lifecycle.changed(m, {
        kind: 'appeal_updated',
        caseId: appeal.caseId,
        appealId: id,
        fields: changed,
      });
      return toAppealView(await repo.findOneByOrFail({ id }));
    });
  }

  /** A corrected lodging date or body corrects the appeal's appeal_lodged event (superseded, never rewritten). */
  private async correctLodgedEvent(m: EntityManager, user: User, appeal: Appeal): Promise<void> {
    const events = await m.getRepository(TimelineEvent).find({
      where: { appealId: appeal.id, type: TimelineEventType.AppealLodged, supersededBy: IsNull() },
    });
    for (const event of events) {
      await this.timeline.supersede(
        m,
        event,
        {
          occurredAt: dateAtUtcMidnight(appeal.lodgedAt),
          precision: DatePrecision.Day,
          title: `Appeal lodged with ${appeal.body}`,
        },
        user.id,
      );
    }
  }

  /** Setting, moving or cancelling the hearing date is a fact on the timeline. */
  private async hearingEvent(
    m: EntityManager,
    user: User,
    appeal: Appeal,
    hearing: { at: Date; precision: DatePrecision } | null,
    previous: Date | null,
  ): Promise<void> {
    await this.timeline.append(m, {
      caseId: appeal.caseId,
      type: TimelineEventType.Hearing,
      occurredAt: hearing?.at ?? new Date(),
      precision: hearing?.precision ?? DatePrecision.Exact,
      title: !hearing
        ? `Hearing before ${appeal.body} cancelled`
        : previous
          ? `Hearing before ${appeal.body} moved`
          : `Hearing before ${appeal.body} scheduled`,
      description: previous ? `Previously scheduled for ${previous.toISOString()}` : null,
      recordedBy: user.id,
      appealId: appeal.id,
    });
  }
}

function stale(currentVersion: number): DomainError {
  return new DomainError('STALE_VERSION', 'This appeal was changed since you read it; reload and retry', {
    currentVersion,
  });
}
