import { BullModule, getQueueToken } from '@nestjs/bull';
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bull';
import Redis from 'ioredis';
import { TypedConfigService } from '../config/config.module';
import { redisOptions } from '../redis/redis-options';
import { withTimeout } from './queue-gate';
import { QueuesController } from './queues.controller';
import { QUEUES } from './queues';
import { QueuesService } from './queues.service';

const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Bull emits 'error' on every failed reconnect; an EventEmitter without an 'error' listener
 * would crash the process. Log it, but at most every 30 s per queue, while Redis is down.
 */
/** Clients built for Bull: Bull does not close clients it did not create itself. */
const bullClients: Redis[] = [];

@Injectable()
export class QueueErrorLogger implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Queues');

  constructor(
    @Inject(getQueueToken(QUEUES.reminders)) private readonly reminders: Queue,
    @Inject(getQueueToken(QUEUES.exports)) private readonly exports: Queue,
  ) {}

  onModuleInit(): void {
    for (const queue of [this.reminders, this.exports]) {
      let last = 0;
      queue.on('error', (err: Error) => {
        if (Date.now() - last < ERROR_LOG_INTERVAL_MS) return;
        last = Date.now();
        this.logger.warn({ queue: queue.name, err: err.message }, 'queue error (Redis unreachable?)');
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Let workers finish their jobs (bounded), then drop the connections.
    await Promise.all(
      [this.reminders, this.exports].map((q) =>
        withTimeout(q.close(), 5000, 'queue close').catch(() => undefined),
      ),
    );
    bullClients.splice(0).forEach((client) => client.disconnect());
  }
}

/**
 * The one place Bull is configured: every client (normal, subscriber, blocking) is built from
 * REDIS_URL with the shared ioredis options, so Bull reconnects by itself after an outage and
 * nothing waits for Redis at boot.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: TypedConfigService) => {
        const options = redisOptions(config.get('redisUrl', { infer: true }));
        return {
          createClient: (type: string) => {
            const client = new Redis({ ...options, connectionName: `caseline-bull-${type}` });
            client.on('error', () => undefined); // surfaced through the queue's 'error' and /health/ready
            bullClients.push(client);
            return client;
          },
        };
      },
    }),
    BullModule.registerQueue({ name: QUEUES.reminders }, { name: QUEUES.exports }, { name: QUEUES.log }),
  ],
  controllers: [QueuesController],
  providers: [QueueErrorLogger, QueuesService],
  exports: [BullModule],
})
export class QueuesModule {}
