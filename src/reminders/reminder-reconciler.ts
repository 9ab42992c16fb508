import { ConfigService } from '@nestjs/config';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { TypedConfigService } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { withTimeout } from '../queues/queue-gate';
import { JOBS, LAST_RECONCILE_KEY, QUEUES, ReminderJob, reminderJobId } from '../queues/queues';
import { AutoReminders } from './auto-reminders.service';
import { ReminderStatus } from './reminder-kinds';
import { ReminderScheduler } from './reminder-scheduler';
import { Reminder } from './reminder.entity';

const BATCH = 1000;
const REDIS_BUDGET_MS = 10_000;
/** An overdue reminder whose job sits in Bull's failed set (or vanished) is queued again after this. */
const OVERDUE_GRACE_MS = 5_000;
export const FOLLOW_UP_CRON = '0 6 * * *';
export const FOLLOW_UP_REPEAT_ID = 'follow-up-sweep';

/**
 * Rebuilds the Bull schedule from the database, at start, every RECONCILE_INTERVAL_MS and as
 * soon as Redis is back after an outage: every scheduled reminder without a job gets one
 * (overdue ones run at once). Redis may lose everything (FLUSHALL, a restart without
 * persistence) and no reminder is lost.
 */
@Injectable()
export class ReminderReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReminderReconciler.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private sweptAtStart = false;
  private stopped = false;

  constructor(
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue<ReminderJob>,
    private readonly scheduler: ReminderScheduler,
    private readonly autoReminders: AutoReminders,
    private readonly tx: TransactionService,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.get('reconcileIntervalMs', { infer: true });
    this.timer = setInterval(() => void this.run(), interval);
    this.timer.unref();
    // Redis (back) up: rebuild the schedule now rather than at the next interval.
    this.queue.client.on('ready', () => void this.run());
    setImmediate(() => void this.run());
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** One pass; a call during a pass schedules one more pass after it. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'reconcile pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.run();
        }
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    // Workers also put automatic reminders right once at start (safety net for writes that bypassed CaseLifecycle).
    if (!this.sweptAtStart && this.config.get('worker', { infer: true })) {
      this.sweptAtStart = true;
      await this.autoReminders.sweepOpenCases('startup');
    }
    if (!this.scheduler.ready) return;
    await withTimeout(
      this.queue.add(JOBS.followUpSweep, {} as ReminderJob, {
        repeat: { cron: FOLLOW_UP_CRON },
        jobId: FOLLOW_UP_REPEAT_ID,
        removeOnComplete: true,
        removeOnFail: 10,
      }),
      REDIS_BUDGET_MS,
      'follow-up sweep schedule',
    );
    // Keyset pages by id; the first page has no lower bound ('' is no uuid on PostgreSQL).
    let after: string | null = null;
    let added = 0;
    for (;;) {
      const rows = await this.tx.run((m) =>
        m
          .getRepository(Reminder)
          .createQueryBuilder('r')
          .select(['r.id', 'r.dueAt'])
          .where('r.status = :status', { status: ReminderStatus.Scheduled })
          .andWhere(after === null ? '1 = 1' : 'r.id > :after', { after })
          .orderBy('r.id', 'ASC')
          .limit(BATCH)
          .getMany(),
      );
      if (rows.length) added += await this.repair(rows);
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].id;
    }
    if (added) this.logger.log({ added }, 'reminder jobs re-added from the database');
    // Shared through Redis: the admin's system page may be served by another process.
    const last = JSON.stringify({ at: new Date().toISOString(), added });
    await withTimeout(
      this.queue.client.set(this.queue.toKey(LAST_RECONCILE_KEY), last),
      REDIS_BUDGET_MS,
      'reconcile log',
    );
  }

  /** Adds the missing jobs of one batch; returns how many. */
  private async repair(rows: Reminder[]): Promise<number> {
    const pipeline = this.queue.client.pipeline();
    for (const r of rows) pipeline.exists(this.queue.toKey(reminderJobId(r.id)));
    const results = (await withTimeout(pipeline.exec(), REDIS_BUDGET_MS, 'reconcile check')) ?? [];
    const now = Date.now();
    const missing: Reminder[] = [];
    for (let i = 0; i < rows.length; i++) {
      const [err, exists] = results[i] ?? [new Error('no reply'), 0];
      if (err) continue;
      if (!exists) {
        missing.push(rows[i]);
      } else if (rows[i].dueAt.getTime() < now - OVERDUE_GRACE_MS) {
        // Overdue yet still scheduled: its job may have given up (failed set) while the database did not.
        const job = await withTimeout(this.queue.getJob(reminderJobId(rows[i].id)), REDIS_BUDGET_MS, 'job');
        const state = job ? await withTimeout(job.getState(), REDIS_BUDGET_MS, 'job state') : 'missing';
        if (state === 'failed' || state === 'completed' || state === 'missing') {
          await job?.remove().catch(() => undefined);
          missing.push(rows[i]);
        }
      }
    }
    if (!missing.length) return 0;
    await withTimeout(
      this.queue.addBulk(this.scheduler.jobs(missing, now)),
      REDIS_BUDGET_MS,
      'reconcile add',
    );
    return missing.length;
  }
}
