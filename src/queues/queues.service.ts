import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { Queue } from 'bull';
import { AuditService } from '../audit/audit.service';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { notFound } from '../http/domain-error';
import { queueReady, withTimeout } from './queue-gate';
import {
  QueueCountsDto,
  QueueOverviewDto,
  ReconcileRunDto,
  ReminderCountsDto,
  RetryFailedDto,
} from './dto/queue-overview.dto';
import { LAST_RECONCILE_KEY, QUEUES } from './queues';

const COUNT_BUDGET_MS = 1000;
/** At most this many failed jobs are put back per request (Bull keeps only a few: removeOnFail). */
const RETRY_BATCH = 1000;

@Injectable()
export class QueuesService {
  constructor(
    @Inject(getQueueToken(QUEUES.reminders)) private readonly reminders: Queue,
    @Inject(getQueueToken(QUEUES.exports)) private readonly exports: Queue,
    private readonly reads: ReadDatabase,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** Job counts per queue (answering at once with available: false while Redis is down) and reminders by status. */
  async overview(): Promise<QueueOverviewDto> {
    const queues = await Promise.all(
      [this.reminders, this.exports].map(async (queue): Promise<QueueCountsDto> => {
        if (!queueReady(queue)) return { name: queue.name, available: false };
        try {
          const counts = await withTimeout(queue.getJobCounts(), COUNT_BUDGET_MS, 'job counts');
          return { name: queue.name, available: true, ...counts };
        } catch {
          return { name: queue.name, available: false };
        }
      }),
    );
    const rows: { status: string; count: string | number }[] = await this.reads.source.query(
      'SELECT status, COUNT(*) AS count FROM reminders GROUP BY status',
    );
    const reminders: ReminderCountsDto = { scheduled: 0, sent: 0, failed: 0, cancelled: 0 };
    for (const row of rows) reminders[row.status as keyof ReminderCountsDto] = Number(row.count);
    const [store]: { files: string | number; bytes: string | number | null }[] =
      await this.reads.source.query(
        'SELECT COUNT(*) AS files, SUM(size) AS bytes FROM evidence WHERE deleted_at IS NULL',
      );
    return {
      queues,
      reminders,
      lastReminderReconcile: await this.lastReconcile(),
      evidence: { files: Number(store.files), bytes: Number(store.bytes ?? 0) },
    };
  }

  /** Puts a queue's failed jobs back to run; audited. 404 for an unknown queue, 503 while Redis is down. */
  async retryFailed(name: string): Promise<RetryFailedDto> {
    const queue = [this.reminders, this.exports].find((q) => q.name === name);
    if (!queue) throw notFound('Queue');
    if (!queueReady(queue)) throw new ServiceUnavailableException('Redis does not answer: try again later');
    const failed = await withTimeout(queue.getFailed(0, RETRY_BATCH - 1), COUNT_BUDGET_MS * 5, 'failed jobs');
    let retried = 0;
    for (const job of failed) {
      // A job another admin retried meanwhile is no longer failed: skip it.
      if (
        await job.retry().then(
          () => true,
          () => false,
        )
      )
        retried++;
    }
    await this.tx.run((m) =>
      this.audit.record(m, {
        action: 'queue.retry_failed',
        entityType: 'queue',
        entityId: name,
        details: { retried },
      }),
    );
    return { queue: name, retried };
  }

  private async lastReconcile(): Promise<ReconcileRunDto> {
    const unknown = { at: null, added: null };
    if (!queueReady(this.reminders)) return unknown;
    try {
      const raw = await withTimeout(
        this.reminders.client.get(this.reminders.toKey(LAST_RECONCILE_KEY)),
        COUNT_BUDGET_MS,
        'last reconcile',
      );
      return raw ? (JSON.parse(raw) as ReconcileRunDto) : unknown;
    } catch {
      return unknown;
    }
  }
}
