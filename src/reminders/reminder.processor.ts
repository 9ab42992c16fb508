import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { TransactionService } from '../database/transaction.service';
import { JOBS, QUEUES, ReminderJob } from '../queues/queues';
import { FollowUpService } from './follow-up.service';
import { DeliveryOutcome, ReminderDeliveryService } from './reminder-delivery.service';
import { ReminderStatus } from './reminder-kinds';
import { ReminderScheduler } from './reminder-scheduler';
import { Reminder } from './reminder.entity';

/** Jobs processed at once by one process. Their database writes are group-committed (see ReminderDeliveryService). */
export const DELIVERY_CONCURRENCY = 50;

/**
 * The reminders queue's worker, present only where WORKER is on. Registered by hand rather than
 * with @Process so that a rejected processing loop is logged instead of crashing the process.
 */
@Injectable()
export class ReminderProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderProcessor.name);

  constructor(
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue<ReminderJob>,
    private readonly delivery: ReminderDeliveryService,
    private readonly followUps: FollowUpService,
    private readonly scheduler: ReminderScheduler,
    private readonly tx: TransactionService,
  ) {}

  onApplicationBootstrap(): void {
    const loopFailed = (err: Error) => this.logger.error({ err: err.message }, 'queue processing stopped');
    this.queue
      .process(JOBS.deliverReminder, DELIVERY_CONCURRENCY, (job: Job<ReminderJob>) => this.deliver(job))
      .catch(loopFailed);
    this.queue.process(JOBS.followUpSweep, 1, () => this.followUps.sweep()).catch(loopFailed);
    this.queue.on('completed', (job: Job<ReminderJob>, result: DeliveryOutcome) => {
      // Fired early (its reminder was moved later but the old job could not be removed): queue it again.
      if (job.name === JOBS.deliverReminder && result === 'not-due') void this.requeue(job.data.reminderId);
    });
  }

  async deliver(job: Job<ReminderJob>): Promise<DeliveryOutcome> {
    const { reminderId } = job.data;
    try {
      return await this.delivery.deliver(reminderId);
    } catch (e) {
      const message = (e as Error).message;
      const status = await this.delivery.recordFailure(reminderId, message).catch(() => null);
      this.logger.warn(
        { reminderId, attempt: job.attemptsMade + 1, status, err: message },
        'delivery failed',
      );
      throw e;
    }
  }

  private async requeue(reminderId: string): Promise<void> {
    const reminder = await this.tx.run((m) => m.getRepository(Reminder).findOneBy({ id: reminderId }));
    if (reminder?.status === ReminderStatus.Scheduled) await this.scheduler.schedule(reminder);
  }
}
