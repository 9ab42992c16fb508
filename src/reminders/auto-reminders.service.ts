import { ConfigService } from '@nestjs/config';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { AuditRecord, AuditService } from '../audit/audit.service';
import { CaseChange, CaseLifecycle } from '../cases/case-lifecycle';
import { Case } from '../cases/case.entity';
import { TypedConfigService } from '../config/config.module';
import { insertRows } from '../database/row-insert';
import { TransactionService } from '../database/transaction.service';
import { User } from '../users/user.entity';
import { Channel, ReminderStatus } from './reminder-kinds';
import { AutoReminderPlan, isEmptyPlan, NewAutoReminder, planAutomaticReminders } from './reminder-plan';
import { ReminderScheduler } from './reminder-scheduler';
import { Reminder, scheduledReminder } from './reminder.entity';

const SWEEP_BATCH = 200;

/** A new automatic reminder: Caseline's own, in the app, keyed by what it follows. */
function reminderRow(caseId: string, create: NewAutoReminder, now: Date): Reminder {
  return scheduledReminder(
    {
      caseId,
      kind: create.kind,
      message: create.message,
      channels: [Channel.InApp],
      recipientIds: create.recipientIds,
      dueAt: create.dueAt,
      autoKey: create.autoKey,
      createdBy: null,
    },
    now,
  );
}

/** The audit entry of a plan carried out: what it did to the case's reminders, and why. */
function autoAudit(caseId: string, cause: string, plan: AutoReminderPlan): AuditRecord {
  return {
    action: 'reminder.auto',
    entityType: 'case',
    entityId: caseId,
    details: {
      cause,
      created: plan.create.length,
      moved: plan.update.length,
      cancelled: plan.cancel.length,
      reasons: Array.from(new Set(plan.cancel.map((x) => x.reason))),
    },
  };
}

/**
 * Keeps each case's automatic reminders in line with its appeal deadline, hearings and status,
 * inside the transaction that changed the case (through CaseLifecycle). The same reconciliation
 * also runs over every open case at start and in the daily sweep, as a safety net for writes
 * that bypassed the lifecycle (imports, manual SQL).
 */
@Injectable()
export class AutoReminders implements OnModuleInit {
  private readonly logger = new Logger(AutoReminders.name);

  constructor(
    private readonly lifecycle: CaseLifecycle,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly scheduler: ReminderScheduler,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  onModuleInit(): void {
    this.lifecycle.subscribe(
      (manager, change) => this.onCaseChange(manager, change),
      (manager, changes) => this.onCaseChanges(manager, changes),
    );
  }

  async onCaseChange(manager: EntityManager, change: CaseChange): Promise<void> {
    await this.audit.recordAll(manager, await this.onCaseChanges(manager, [change]));
  }

  /** Answers the audit records of the intakes' first reminders, for the caller to append. */
  async onCaseChanges(manager: EntityManager, changes: CaseChange[]): Promise<AuditRecord[]> {
    // Every kind of change can affect the plan (deadline, assignee, appeals, status): always reconcile.
    for (const change of changes)
      if (change.kind !== 'intake') await this.reconcileCase(manager, change.caseId, change.kind);
    const intakes = changes.filter((c): c is Extract<CaseChange, { kind: 'intake' }> => c.kind === 'intake');
    return intakes.length ? this.planIntakes(manager, intakes) : [];
  }

  /**
   * The first reminders of cases just taken in, all in a few statements: such a case has no
   * appeals or reminders yet, so nothing is read back, nothing moves or is cancelled, and the
   * reminders of every case go in one INSERT; their audit records are answered, not written.
   */
  private async planIntakes(
    m: EntityManager,
    intakes: Extract<CaseChange, { kind: 'intake' }>[],
  ): Promise<AuditRecord[]> {
    const active = await this.activeUsers(
      m,
      intakes.flatMap(({ created }) => [created.assigneeId, created.coordinatorId]),
    );
    const now = new Date();
    const offsets = this.config.get('reminderOffsets', { infer: true });
    const rows: Reminder[] = [];
    const records: AuditRecord[] = [];
    for (const { created: c, by } of intakes) {
      const plan = planAutomaticReminders({
        case: {
          ...c,
          assigneeId: c.assigneeId && active.has(c.assigneeId) ? c.assigneeId : null,
          coordinatorId: c.coordinatorId && active.has(c.coordinatorId) ? c.coordinatorId : null,
        },
        appeals: [],
        reminders: [],
        now,
        offsets,
      });
      if (isEmptyPlan(plan)) continue;
      rows.push(...plan.create.map((create) => reminderRow(c.id, create, now)));
      records.push({ ...by, ...autoAudit(c.id, 'intake', plan) });
    }
    await insertRows(m, Reminder, rows);
    if (rows.length) this.tx.afterCommit(m, () => void this.scheduler.scheduleAll(rows));
    return records;
  }

  async reconcileCase(m: EntityManager, caseId: string, cause: string): Promise<AutoReminderPlan | null> {
    const c = await m.getRepository(Case).findOneBy({ id: caseId });
    if (!c) return null;
    // Sequential: m is one connection (see ReminderDeliveryService.prepareMany).
    const appeals = await m.getRepository(Appeal).findBy({ caseId });
    const reminders = await m.getRepository(Reminder).findBy({ caseId, status: ReminderStatus.Scheduled });
    // Deactivated people are not reminded: the plan then falls back to the case's creator.
    const active = await this.activeUsers(m, [c.assigneeId, c.coordinatorId]);
    const now = new Date();
    const plan = planAutomaticReminders({
      case: {
        ...c,
        assigneeId: c.assigneeId && active.has(c.assigneeId) ? c.assigneeId : null,
        coordinatorId: c.coordinatorId && active.has(c.coordinatorId) ? c.coordinatorId : null,
      },
      appeals,
      reminders,
      now,
      offsets: this.config.get('reminderOffsets', { infer: true }),
    });
    if (isEmptyPlan(plan)) return plan;

    const repo = m.getRepository(Reminder);
    const byId = new Map(reminders.map((r) => [r.id, r]));
    // Cancel first: a moved-and-recreated key must not meet its predecessor in the unique index.
    for (const { id, reason } of plan.cancel) {
      await repo.update(
        { id, status: ReminderStatus.Scheduled },
        { status: ReminderStatus.Cancelled, cancelledAt: now, cancelReason: reason },
      );
      this.tx.afterCommit(m, () => void this.scheduler.unschedule(id));
    }
    for (const change of plan.update) {
      const reminder = byId.get(change.id)!;
      const moved = reminder.dueAt.getTime() !== change.dueAt.getTime();
      Object.assign(reminder, {
        dueAt: change.dueAt,
        message: change.message,
        recipientIds: change.recipientIds,
      });
      const saved = await repo.save(reminder);
      if (moved) this.tx.afterCommit(m, () => void this.scheduler.reschedule(saved));
    }
    const created = plan.create.map((create) => reminderRow(caseId, create, now));
    await insertRows(m, Reminder, created);
    if (created.length) this.tx.afterCommit(m, () => void this.scheduler.scheduleAll(created));
    await this.audit.record(m, autoAudit(caseId, cause, plan));
    return plan;
  }

  /** Reconciles every case that may need automatic reminders, in batches, one transaction each. */
  async sweepOpenCases(cause: string): Promise<number> {
    // Keyset pages by id; the first page has no lower bound ('' is no uuid on PostgreSQL).
    let after: string | null = null;
    let changed = 0;
    // Only cases that can want automatic reminders (a deadline or hearing still ahead) or still
    // hold some: not the whole archive.
    const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (;;) {
      const ids = await this.tx.run((m) =>
        m
          .getRepository(Case)
          .createQueryBuilder('c')
          .select('c.id', 'id')
          .where(after === null ? '1 = 1' : 'c.id > :after', { after })
          .andWhere(
            `((c.status NOT IN ('closed','reinstated') AND (c.appeal_deadline >= :today
                OR EXISTS (SELECT 1 FROM appeals a WHERE a.case_id = c.id AND a.outcome = 'pending' AND a.hearing_at >= :today)))
              OR EXISTS (SELECT 1 FROM reminders r WHERE r.case_id = c.id AND r.status = 'scheduled'
                AND (r.auto_key IS NOT NULL OR c.status = 'closed')))`,
            { today },
          )
          .orderBy('c.id', 'ASC')
          .limit(SWEEP_BATCH)
          .getRawMany<{ id: string }>(),
      );
      for (const { id } of ids) {
        const plan = await this.tx.run((m) => this.reconcileCase(m, id, cause));
        if (plan && !isEmptyPlan(plan)) changed++;
      }
      if (ids.length < SWEEP_BATCH) break;
      after = ids[ids.length - 1].id;
    }
    if (changed) this.logger.log({ cases: changed, cause }, 'automatic reminders reconciled');
    return changed;
  }

  private async activeUsers(m: EntityManager, ids: (string | null)[]): Promise<Set<string>> {
    const wanted = ids.filter((id): id is string => Boolean(id));
    if (!wanted.length) return new Set();
    const users = await m.getRepository(User).findBy({ id: In(wanted), active: true });
    return new Set(users.map((u) => u.id));
  }
}
