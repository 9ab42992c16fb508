import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { TypedConfigService } from '../config/config.module';
import { CheckpointTimer, startCheckpointTimer } from './checkpoint-timer';
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
  private timer?: CheckpointTimer;

  constructor(
    private readonly log: LogService,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.get('worker', { infer: true })) return;
    this.timer = startCheckpointTimer(
      this.config.get('checkpointIntervalMinutes', { infer: true }),
      () => this.log.checkpointNow(),
      (err) => this.logger.warn({ err: err.message }, 'signing a log checkpoint failed'),
    );
  }

  onApplicationShutdown(): void {
    this.timer?.stop();
  }
}
