import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { TypedConfigService } from '../config/config.module';
import { LogService } from './log.service';

/**
 * Signs a checkpoint every CHECKPOINT_INTERVAL_MINUTES while the log grows (LogService.checkpointNow
 * signs nothing when the log has not grown since the last one). Runs in the processes that run
 * the background work (WORKER=on, or npm run worker); several such processes sign each size once,
 * since signing takes the log's lock and looks at the latest checkpoint first.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CheckpointScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly log: LogService,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.get('worker', { infer: true })) return;
    const minutes = this.config.get('checkpointIntervalMinutes', { infer: true });
    this.timer = setInterval(() => void this.tick(), minutes * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    try {
      const checkpoint = await this.log.checkpointNow();
      this.logger.log({ size: checkpoint.size }, 'log checkpoint');
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'signing a log checkpoint failed');
    }
  }
}
