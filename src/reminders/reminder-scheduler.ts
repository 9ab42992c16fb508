import { ConfigService } from '@nestjs/config';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { TypedConfigService } from '../config/config.module';
import { queueReady, withTimeout } from '../queues/queue-gate';
import { JOBS, QUEUES, ReminderJob, reminderJobId } from '../queues/queues';
import { deliveryRetry } from './reminder-retry';

/** How long a request may wait for Redis before leaving the job to the reconciler. */
const REQUEST_REDIS_BUDGET_MS = 300;

export interface Schedulable {
  id: string;
  dueAt: Date;
}

/**
 * Puts reminders on the Bull schedule. Never required for correctness: whatever fails here
 * (Redis down, slow, a job locked by a worker) the reconciler repairs from the database.
 */
@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue<ReminderJob>,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  get ready(): boolean {
    return queueReady(this.queue);
  }

  jobOptions(reminder: Schedulable, now = Date.now()): JobOptions {
    return {
      jobId: reminderJobId(reminder.id),
      delay: Math.max(0, reminder.dueAt.getTime() - now),
      ...deliveryRetry(
        this.config.get('reminderAttempts', { infer: true }),
        this.config.get('reminderBackoffMs', { infer: true }),
      ),
      removeOnComplete: true,
      removeOnFail: 1000,
    };
  }

  /** The delivery jobs of reminders, for Bull's addBulk. */
  jobs(reminders: Schedulable[], now = Date.now()) {
    return reminders.map((reminder) => ({
      name: JOBS.deliverReminder,
      data: { reminderId: reminder.id },
      opts: this.jobOptions(reminder, now),
    }));
  }

  /** Adds the reminder's job (a no-op when it exists). Fire and forget: never throws, never waits long. */
  schedule(reminder: Schedulable): Promise<void> {
    if (!this.ready) return Promise.resolve();
    return withTimeout(
      this.queue.add(JOBS.deliverReminder, { reminderId: reminder.id }, this.jobOptions(reminder)),
      REQUEST_REDIS_BUDGET_MS,
      'schedule reminder',
    ).then(
      () => undefined,
      (err: Error) => this.logger.warn({ reminderId: reminder.id, err: err.message }, 'not queued now'),
    );
  }

  /**
   * Adds the jobs of several reminders in one trip to Redis (one MULTI of Bull's addBulk; each is
   * a no-op when its job exists). Fire and forget, as schedule(): an intake batch's first reminders
   * cost one trip instead of one each.
   */
  scheduleAll(reminders: Schedulable[]): Promise<void> {
    if (reminders.length <= 1) return reminders.length ? this.schedule(reminders[0]) : Promise.resolve();
    if (!this.ready) return Promise.resolve();
    return withTimeout(
      this.queue.addBulk(this.jobs(reminders)),
      REQUEST_REDIS_BUDGET_MS,
      'schedule reminders',
    ).then(
      () => undefined,
      (err: Error) => this.logger.warn({ reminders: reminders.length, err: err.message }, 'not queued now'),
    );
  }

  /** Removes the job, then adds it again at the reminder's (new) time. */
  reschedule(reminder: Schedulable): Promise<void> {
    return this.unschedule(reminder.id).then(() => this.schedule(reminder));
  }

  unschedule(reminderId: string): Promise<void> {
    if (!this.ready) return Promise.resolve();
    const remove = async () => {
      const job = await this.queue.getJob(reminderJobId(reminderId));
      // An active job is locked and cannot be removed; it reloads the reminder and does nothing.
      if (job && !(await job.isActive())) await job.remove();
    };
    return withTimeout(remove(), REQUEST_REDIS_BUDGET_MS, 'unschedule reminder').catch((err: Error) =>
      this.logger.warn({ reminderId, err: err.message }, 'job not removed now'),
    );
  }
}
