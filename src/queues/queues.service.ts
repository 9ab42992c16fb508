import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { ReadDatabase } from '../database/read-database';
import { queueReady, withTimeout } from './queue-gate';
import { QueueCountsDto, QueueOverviewDto, ReminderCountsDto } from './dto/queue-overview.dto';
import { QUEUES } from './queues';

const COUNT_BUDGET_MS = 1000;

@Injectable()
export class QueuesService {
  constructor(
    @Inject(getQueueToken(QUEUES.reminders)) private readonly reminders: Queue,
    @Inject(getQueueToken(QUEUES.exports)) private readonly exports: Queue,
    private readonly reads: ReadDatabase,
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
    return { queues, reminders };
  }
}
