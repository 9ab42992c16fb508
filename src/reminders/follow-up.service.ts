import { ConfigService } from '@nestjs/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import { TypedConfigService } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { User } from '../users/user.entity';
import { followUpMessage, needsFollowUp } from './follow-up';
import { Channel, ReminderKind, ReminderStatus } from './reminder-kinds';
import { defaultRecipients } from './reminder-plan';
import { ReminderScheduler } from './reminder-scheduler';
import { Reminder } from './reminder.entity';

const BATCH = 500;

interface QuietCandidate {
  id: string;
  reference: string;
  status: string;
  createdAt: unknown;
  lastEvent: unknown;
  lastFollowUp: unknown;
}

/** SQLite hands back UTC text ('YYYY-MM-DD HH:MM:SS.SSS'), PostgreSQL Date objects. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * The daily sweep: a `follow_up` reminder, due at once, for each open case with no timeline
 * activity for FOLLOW_UP_DAYS — once per quiet period.
 */
@Injectable()
export class FollowUpService {
  private readonly logger = new Logger(FollowUpService.name);

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly scheduler: ReminderScheduler,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  async sweep(now = new Date()): Promise<number> {
    const days = this.config.get('followUpDays', { infer: true });
    // Keyset pages by id; the first page has no lower bound ('' is no uuid on PostgreSQL).
    let after: string | null = null;
    let created = 0;
    for (;;) {
      const rows = await this.tx.run((m) =>
        m
          .getRepository(Case)
          .createQueryBuilder('c')
          .select('c.id', 'id')
          .addSelect('c.reference', 'reference')
          .addSelect('c.status', 'status')
          .addSelect('c.created_at', 'createdAt')
          .addSelect('(SELECT MAX(t.recorded_at) FROM timeline_events t WHERE t.case_id = c.id)', 'lastEvent')
          .addSelect(
            "(SELECT MAX(r.created_at) FROM reminders r WHERE r.case_id = c.id AND r.kind = 'follow_up')",
            'lastFollowUp',
          )
          .where(after === null ? '1 = 1' : 'c.id > :after', { after })
          .andWhere("c.status NOT IN ('closed','reinstated')")
          .orderBy('c.id', 'ASC')
          .limit(BATCH)
          .getRawMany<QuietCandidate>(),
      );
      for (const row of rows) {
        const quiet = needsFollowUp({
          status: row.status,
          lastActivityAt: toDate(row.lastEvent) ?? toDate(row.createdAt)!,
          lastFollowUpAt: toDate(row.lastFollowUp),
          now,
          days,
        });
        if (quiet && (await this.createFollowUp(row.id, toDate(row.lastFollowUp), days, now))) created++;
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].id;
    }
    this.logger.log({ created }, 'follow-up sweep done');
    return created;
  }

  private createFollowUp(
    caseId: string,
    seenLastFollowUp: Date | null,
    days: number,
    now: Date,
  ): Promise<boolean> {
    return this.tx.run(async (m) => {
      const c = await m.getRepository(Case).findOneBy({ id: caseId });
      if (!c) return false;
      // Two sweeps can overlap (the start-up sweep, a re-run stalled job): only the first creates the reminder.
      const latest = await m
        .getRepository(Reminder)
        .createQueryBuilder('r')
        .select('MAX(r.created_at)', 'latest')
        .where('r.case_id = :caseId AND r.kind = :kind', { caseId, kind: ReminderKind.FollowUp })
        .getRawOne<{ latest: unknown }>();
      if (toDate(latest?.latest)?.getTime() !== seenLastFollowUp?.getTime()) return false;
      const candidates = [c.assigneeId, c.coordinatorId].filter((id): id is string => Boolean(id));
      const active = candidates.length
        ? new Set((await m.getRepository(User).findBy({ id: In(candidates), active: true })).map((u) => u.id))
        : new Set<string>();
      const recipientIds = defaultRecipients({
        createdBy: c.createdBy,
        assigneeId: c.assigneeId && active.has(c.assigneeId) ? c.assigneeId : null,
        coordinatorId: c.coordinatorId && active.has(c.coordinatorId) ? c.coordinatorId : null,
      });
      const repo = m.getRepository(Reminder);
      const reminder = await repo.save(
        repo.create({
          caseId,
          kind: ReminderKind.FollowUp,
          message: followUpMessage(c.reference, days),
          channels: [Channel.InApp],
          recipientIds,
          dueAt: now,
          status: ReminderStatus.Scheduled,
          attempts: 0,
          autoKey: null,
          createdBy: null,
        }),
      );
      await this.audit.record(m, {
        action: 'reminder.follow_up',
        entityType: 'reminder',
        entityId: reminder.id,
        actorId: null,
        details: { caseId, days },
      });
      this.tx.afterCommit(m, () => void this.scheduler.schedule(reminder));
      return true;
    });
  }
}
