import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { openDb, TestDb } from './db';
import { RunningServer, startServer } from './server';

export type Role = 'admin' | 'caseworker' | 'coordinator' | 'researcher';
export const ROLES: Role[] = ['admin', 'caseworker', 'coordinator', 'researcher'];

export const ADMIN_EMAIL = 'admin@caseline.test';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const TEST_PASSWORD = 'a-long-test-password';

/** A supertest wrapper that sends the bearer token on every request. */
export function authed(url: string, token: string) {
  const withAuth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`);
  return {
    token,
    get: (path: string) => withAuth(request(url).get(path)),
    post: (path: string) => withAuth(request(url).post(path)),
    patch: (path: string) => withAuth(request(url).patch(path)),
    put: (path: string) => withAuth(request(url).put(path)),
    delete: (path: string) => withAuth(request(url).delete(path)),
  };
}
export type Agent = ReturnType<typeof authed>;

export interface TestApp {
  url: string;
  server: RunningServer;
  env: Record<string, string>;
  /** The app's temporary folder (database file, evidence, exports). */
  dir: string;
  /** Raw supertest against the server, no token. */
  http: () => request.Agent;
  /** Agents signed in as each role (one user per role, created at boot). */
  as: Record<Role, Agent>;
  users: Record<Role, { id: string; email: string }>;
  /** Direct database access (same database the server uses). */
  db: TestDb;
  /** A Redis client on the app's private database number. */
  redis: Redis;
  redisDb: number;
  createUser(
    role: Role,
    overrides?: Partial<{ email: string; fullName: string; password: string }>,
  ): Promise<{ id: string; email: string; agent: Agent }>;
  login(email: string, password: string): Promise<Agent>;
  /** Stops the server and starts it again on the same database and Redis (env overrides allowed). */
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** No per-role users and no ADMIN_EMAIL (for tests of the first-run path). */
  bare?: boolean;
}

/** The Redis the tests use; a developer running several suites at once can point each at its own server. */
export const TEST_REDIS_BASE = (process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/+$/, '');

const CLAIM_MS = 15 * 60_000;

/**
 * Claims a Redis database number (1..14) that no other live test app holds — across jest workers
 * and across suites run at the same time — with a key in database 0 that expires if its holder
 * dies. Two apps on one database would flush, run or steal each other's Bull jobs. (15 is the
 * benchmarks' own.)
 */
async function claimRedisDb(): Promise<{ db: number; release: () => Promise<void> }> {
  const claims = new Redis(`${TEST_REDIS_BASE}/0`, { maxRetriesPerRequest: 1, lazyConnect: true });
  claims.on('error', () => undefined);
  try {
    await claims.connect();
  } catch {
    // No Redis at all (tests of the Redis-less paths): any number will do.
    claims.disconnect();
    return { db: 1 + (Number(process.env.JEST_WORKER_ID ?? 1) % 14), release: async () => undefined };
  }
  const token = `${process.pid}:${randomBytes(4).toString('hex')}`;
  const start = randomBytes(1)[0];
  for (let attempt = 0; attempt < 600; attempt++) {
    for (let n = 0; n < 14; n++) {
      const db = 1 + ((start + n) % 14);
      const key = `caseline-test:redis-db:${db}`;
      if ((await claims.set(key, token, 'PX', CLAIM_MS, 'NX')) === 'OK') {
        return {
          db,
          release: async () => {
            try {
              if ((await claims.get(key)) === token) await claims.del(key);
            } finally {
              claims.disconnect();
            }
          },
        };
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  claims.disconnect();
  throw new Error('every Redis database 1..14 is held by another test app');
}

export async function freshDatabaseUrl(dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const pgUrl = process.env.TEST_POSTGRES_URL;
  if (process.env.TEST_DATABASE === 'postgres') {
    if (!pgUrl) throw new Error('TEST_DATABASE=postgres needs TEST_POSTGRES_URL');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const url = new URL(pgUrl);
    url.searchParams.set('schema', schema);
    return {
      url: url.toString(),
      drop: async () => {
        const c = new Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  return { url: `sqlite:${join(dir, 'caseline.sqlite')}`, drop: async () => undefined };
}

/**
 * Boots the real, built server (same AppModule, same migrations) on a fresh database — a
 * temporary SQLite file, or a fresh PostgreSQL schema when TEST_DATABASE=postgres — with a
 * private Redis database number.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-test-'));
  const database = await freshDatabaseUrl(dir);
  const { db: redisDb, release: releaseRedisDb } = await claimRedisDb();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: `${TEST_REDIS_BASE}/${redisDb}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PSEUDONYM_SECRET: randomBytes(32).toString('hex'),
    LOG_SIGNING_KEY: randomBytes(32).toString('base64'),
    EVIDENCE_DIR: join(dir, 'evidence'),
    EXPORT_DIR: join(dir, 'exports'),
    DATA_DIR: dir,
    LOG_LEVEL: 'info',
    ...(options.bare ? {} : { ADMIN_EMAIL, ADMIN_PASSWORD }),
    ...options.env,
  };
  const redis = new Redis(`${TEST_REDIS_BASE}/${redisDb}`, {
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.flushdb();
  } catch {
    // a test that runs without Redis does not need this client
  }

  let server = await startServer(env);
  const t = {} as TestApp;
  const login = async (email: string, password: string) => {
    const res = await request(t.url).post('/api/auth/login').send({ email, password });
    if (res.status !== 200)
      throw new Error(`login of test user failed: ${res.status} ${JSON.stringify(res.body)}`);
    return authed(t.url, res.body.accessToken);
  };
  const createUser: TestApp['createUser'] = async (role, overrides = {}) => {
    const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@caseline.test`;
    const password = overrides.password ?? TEST_PASSWORD;
    const res = await t.as.admin
      .post('/api/users')
      .send({ email, fullName: overrides.fullName ?? `Test ${role}`, role, password });
    if (res.status !== 201)
      throw new Error(`creating a ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, email, agent: await login(email, password) };
  };
  Object.assign(t, {
    url: server.url,
    server,
    env,
    dir,
    http: () => request.agent(t.url),
    as: {} as Record<Role, Agent>,
    users: {} as Record<Role, { id: string; email: string }>,
    db: await openDb(database.url),
    redis,
    redisDb,
    createUser,
    login,
    restart: async (extra: Record<string, string> = {}) => {
      await server.stop();
      Object.assign(env, extra);
      server = await startServer(env);
      t.server = server;
      t.url = server.url;
      // tokens stay valid (same secret); agents need the new URL
      for (const role of Object.keys(t.as) as Role[]) t.as[role] = authed(t.url, t.as[role].token);
    },
    close: async () => {
      await server.stop();
      redis.disconnect();
      await releaseRedisDb();
      await t.db.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  });

  if (!options.bare) {
    t.as.admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const me = await t.as.admin.get('/api/me');
    t.users.admin = { id: me.body.id, email: ADMIN_EMAIL };
    for (const role of ['caseworker', 'coordinator', 'researcher'] as const) {
      const u = await createUser(role, { email: `${role}@caseline.test` });
      t.as[role] = u.agent;
      t.users[role] = { id: u.id, email: u.email };
    }
  }
  return t;
}
