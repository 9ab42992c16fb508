import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bull';
import type { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { withTimeout } from '../queues/queue-gate';
import { CheckpointJob, checkpointJobId, JOBS, QUEUES } from '../queues/queues';
import { LogCheckpoint } from './log.entity';

const ENQUEUE_TIMEOUT_MS = 2000;
const SEND_TIMEOUT_MS = 10_000;
/** Tries in all: with the doubling waits from 30 s, the last comes about two hours after the first. */
const ATTEMPTS = 9;

/**
 * Sends each new checkpoint to LOG_WITNESS_URL (POST, text/plain: the signed note), through the
 * Bull `log` queue, so that signing never waits for the witness and a witness that is down gets
 * the checkpoint later. Nothing happens when LOG_WITNESS_URL is not set.
 */
@Injectable()
export class LogWitness implements OnApplicationBootstrap {
  private readonly logger = new Logger(LogWitness.name);
  private readonly url: string | undefined;
  private lastRedisWarning = 0;

  constructor(
    @InjectQueue(QUEUES.log) private readonly queue: Queue<CheckpointJob>,
    private readonly reads: ReadDatabase,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {
    this.url = config.get('logWitnessUrl', { infer: true });
    // Bull re-emits Redis connection errors on the queue; unhandled, they would crash the process.
    queue.on('error', (err) => {
      if (Date.now() - this.lastRedisWarning > 60_000) {
        this.lastRedisWarning = Date.now();
        this.logger.warn({ err: err.message }, 'log queue: Redis unavailable');
      }
    });
  }

  onApplicationBootstrap(): void {
    if (!this.url || !this.config.get('worker', { infer: true })) return;
    // Not awaited: Bull waits for Redis, and the app must serve without it.
    void this.queue.process(JOBS.sendCheckpoint, 1, (job) => this.send(job.data.checkpointId));
  }

  /** Queues the checkpoint for the witness (after its transaction committed); never throws. */
  enqueue(checkpoint: LogCheckpoint): void {
    if (!this.url) return;
    withTimeout(
      this.queue.add(
        JOBS.sendCheckpoint,
        { checkpointId: checkpoint.id },
        {
          jobId: checkpointJobId(checkpoint.id),
          attempts: ATTEMPTS,
          backoff: { type: 'exponential', delay: 30_000 },
          removeOnComplete: true,
          removeOnFail: 100,
        },
      ),
      ENQUEUE_TIMEOUT_MS,
      'queueing a checkpoint for the witness',
    ).catch((err: Error) =>
      this.logger.warn({ err: err.message, size: checkpoint.size }, 'checkpoint not sent'),
    );
  }

  private async send(checkpointId: number): Promise<void> {
    const checkpoint = await this.reads.source.getRepository(LogCheckpoint).findOneBy({ id: checkpointId });
    if (!checkpoint || !this.url) return;
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: checkpoint.note,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`the witness answered ${res.status}`);
  }
}
