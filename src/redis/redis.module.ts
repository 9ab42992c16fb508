import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { TypedConfigService } from '../config/config.module';
import { redisOptions } from './redis-options';

export const FAST_REDIS = Symbol('FAST_REDIS');

/** A Redis client that fails at once while Redis is unreachable, instead of queueing commands. */
@Injectable()
export class FastRedis implements OnApplicationShutdown {
  constructor(@Inject(FAST_REDIS) readonly client: Redis) {}

  async ping(timeoutMs = 1000): Promise<boolean> {
    try {
      const reply = await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      return reply === 'PONG';
    } catch {
      return false;
    }
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: FAST_REDIS,
      inject: [ConfigService],
      useFactory: (config: TypedConfigService) => {
        const client = new Redis({
          ...redisOptions(config.get('redisUrl', { infer: true })),
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectionName: 'caseline-fast',
        });
        client.on('error', () => undefined); // reported through /health/ready, not as crashes
        return client;
      },
    },
    FastRedis,
  ],
  exports: [FastRedis],
})
export class RedisModule {}
