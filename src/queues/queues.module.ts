import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { TypedConfigService } from '../config/config.module';
import { redisOptions } from '../redis/redis-options';

/**
 * Bull's shared Redis configuration. Every Bull client (client, subscriber, bclient) is built
 * from the one redisOptions(REDIS_URL), which keeps retrying while Redis is down; connection
 * errors are reported by /health/ready, not thrown. Feature modules register their own queues.
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
            client.on('error', () => undefined);
            return client;
          },
        };
      },
    }),
  ],
})
export class QueuesModule {}
