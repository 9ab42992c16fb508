import type { RedisOptions } from 'ioredis';

/**
 * The one ioredis configuration, from REDIS_URL. These are the settings Bull needs for its
 * blocking and subscriber clients (no per-command retry limit, no ready check); the queue
 * module reuses them. Clients that must fail fast while Redis is down (health, enqueueing from
 * a request) add `enableOfflineQueue: false` on top.
 */
export function redisOptions(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  const db = url.pathname && url.pathname !== '/' ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    // Keep trying to reconnect, but never faster than every 2 s.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
}
