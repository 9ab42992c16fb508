import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Appeal, AppealOutcome } from '../appeals/appeal.entity';
import { AuditService } from '../audit/audit.service';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { DomainError } from '../http/domain-error';
import { TimelineWriter } from '../timeline/timeline-writer';
import { DatePrecision, TimelineEventType } from '../timeline/timeline-event.entity';
import { parseOccurredAt } from '../timeline/occurred-at';
import { User } from '../users/user.entity';
import { CaseAccess } from './case-access';
import { isNotFutureDate, toDateString } from './case-dates';
import {
  assertNoDateConflicts,
  atInstant,
  decisionDateConflicts,
  isNotFutureInstant,
  onDay,
} from './date-rules';
import { CaseLifecycle } from './case-lifecycle';
import { CaseStatus } from './case-status';
import { CaseTransition } from './case-transition.entity';
import { Case } from './case.entity';
import { allowedTransitionsFor, checkTransition, describeMissing, orderTransitions } from './case-workflow';
import { CreateTransitionDto } from './dto/create-transition.dto';
import { TransitionResponseDto, TransitionResultDto, toTransitionView } from './dto/transition-response.dto';

/** Reads of the case a versionless transition makes when other transitions keep winning the race. */
const MAX_RACE_ROUNDS = 5;

interface ParsedTransitionDate {
  at: Date;
  precision: DatePrecision;
  day: string;
}

/** The occurredAt of a transition: a date (day precision) or a full timestamp, not in the future. */
function parseTransitionDate(value: string): ParsedTransitionDate {
  const parsed = parseOccurredAt(value);
  if (!parsed.ok || (parsed.precision !== DatePrecision.Day && parsed.precision !== DatePrecision.Exact)) {
    throw new BadRequestException(['occurredAt must be a date (YYYY-MM-DD) or a full ISO 8601 timestamp']);
  }
  const future =
    parsed.precision === DatePrecision.Day ? !isNotFutureDate(value) : !isNotFutureInstant(parsed.occurredAt);
  if (future) throw new BadRequestException(['occurredAt must not be in the future']);
  return {
    at: parsed.occurredAt,
    precision: parsed.precision,
    day: parsed.precision === DatePrecision.Day ? value : toDateString(parsed.occurredAt),
  };
}

@Injectable()
export class CaseTransitionsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly timeline: TimelineWriter,
    private readonly lifecycle: CaseLifecycle,
    private readonly cases: CaseAccess,
    private readonly reads: ReadDatabase,
  ) {}

  /**
   * One step of the workflow: the table and guards (pure), then status, appeal outcome, events
   * and audit in one transaction. The status update is conditional on the version read, so of
   * two concurrent transitions exactly one wins. A loser that sent a version gets STALE_VERSION;
   * one that sent none asked to move the case as it is, so it is answered as if it had come a
   * moment later: the move is checked again against the case the winner left (an identical
   * transition is then illegal, with the allowed transitions of the new status).
   */
  async transition(user: User, caseId: string, dto: CreateTransitionDto): Promise<TransitionResultDto> {
    const when = dto.occurredAt !== undefined ? parseTransitionDate(dto.occurredAt) : null;
    return this.tx.run(async (m) => {
      for (let round = 1; ; round++) {
        const done = await this.attempt(m, user, caseId, dto, when, round < MAX_RACE_ROUNDS);
        if (done) return done;
      }
    });
  }

  /** One read-check-write of transition(); null when a versionless request lost a race and may look again. */
  private async attempt(
    m: EntityManager,
    user: User,
    caseId: string,
    dto: CreateTransitionDto,
    when: ParsedTransitionDate | null,
    mayRetry: boolean,
  ): Promise<TransitionResultDto | null> {
    const current = await this.cases.getCaseOr404(caseId, m);
    if (dto.version !== undefined && dto.version !== current.version) throw stale(current.version);
    const pending = await m.getRepository(Appeal).findOneBy({ caseId, outcome: AppealOutcome.Pending });
    const from = current.status;
    const check = checkTransition(from, dto.to, {
      pendingAppeal: pending ? { hearingAt: pending.hearingAt } : null,
      occurredAt: when?.at ?? null,
      reason: dto.reason,
    });
    if (!check.ok && check.kind === 'illegal') {
      throw new DomainError('ILLEGAL_TRANSITION', `A case cannot move from ${from} to ${dto.to}`, {
        from,
        to: dto.to,
        allowedTransitions: allowedTransitionsFor(user.role, from),
      });
    }
    if (!check.ok) {
      throw new DomainError('GUARD_FAILED', describeMissing(dto.to, check.missing), {
        missing: check.missing,
      });
    }

    if (check.appealOutcome && pending && when) {
      const decision = when.precision === DatePrecision.Exact ? atInstant(when.at) : onDay(when.day);
      assertNoDateConflicts(decisionDateConflicts(decision, pending));
    }

    const occurredAt = when?.at ?? new Date();
    const updated = await m
      .createQueryBuilder()
      .update(Case)
      .set({ status: dto.to, version: () => 'version + 1', updatedAt: new Date() })
      .where('id = :id AND version = :version', { id: caseId, version: current.version })
      .execute();
    if (!updated.affected) {
      // PostgreSQL: another transaction committed a change of this case since our read (READ
      // COMMITTED: the next read sees it). SQLite runs units one after another and never gets here.
      if (dto.version !== undefined || !mayRetry) throw stale(current.version);
      return null;
    }

    const repo = m.getRepository(CaseTransition);
    const saved = await repo.save(
      repo.create({
        caseId,
        from,
        to: dto.to,
        actorId: user.id,
        occurredAt,
        reason: dto.reason?.trim() || null,
        note: dto.note?.trim() || null,
      }),
    );

    if (check.appealOutcome && pending) {
      await m
        .createQueryBuilder()
        .update(Appeal)
        .set({
          outcome: check.appealOutcome as AppealOutcome,
          decidedAt: when!.day,
          version: () => 'version + 1',
          updatedAt: new Date(),
        })
        .where('id = :id', { id: pending.id })
        .execute();
    }

    const precision = when?.precision ?? DatePrecision.Exact;
    await this.timeline.append(m, {
      caseId,
      type: TimelineEventType.StatusChanged,
      occurredAt,
      precision,
      title: `Status changed from ${from} to ${dto.to}`,
      description: [dto.reason?.trim(), dto.note?.trim()].filter(Boolean).join('\n\n') || null,
      recordedBy: user.id,
    });
    if (check.appealOutcome) {
      await this.timeline.append(m, {
        caseId,
        type: TimelineEventType.Decision,
        occurredAt,
        precision,
        title:
          dto.to === CaseStatus.Reinstated
            ? 'Decision: member reinstated (appeal allowed)'
            : 'Decision: action upheld (appeal dismissed)',
        recordedBy: user.id,
      });
    }
    await this.audit.record(m, {
      action: 'case.transition',
      entityType: 'case',
      entityId: caseId,
      details: {
        from,
        to: dto.to,
        transitionId: saved.id,
        ...(check.appealOutcome && pending
          ? { appealId: pending.id, appealOutcome: check.appealOutcome }
          : {}),
      },
    });
    await this.lifecycle.changed(m, { kind: 'transition', caseId, from, to: dto.to });
    return {
      ...toTransitionView(saved),
      case: {
        id: caseId,
        status: dto.to,
        version: current.version + 1,
        allowedTransitions: allowedTransitionsFor(user.role, dto.to),
      },
    };
  }

  async history(caseId: string): Promise<TransitionResponseDto[]> {
    await this.cases.getCaseOr404(caseId);
    const rows = await this.reads.source.getRepository(CaseTransition).find({
      where: { caseId },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
    return orderTransitions(rows).map(toTransitionView);
  }
}

function stale(currentVersion: number): DomainError {
  return new DomainError('STALE_VERSION', 'This case was changed since you read it; reload and retry', {
    currentVersion,
  });
}
