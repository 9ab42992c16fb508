import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isValidKeyName, signingSeedOf } from '../log/signed-note';
import { passwordProblem } from '../users/password-policy';

export type DatabaseConfig =
  { type: 'sqlite'; path: string } | { type: 'postgres'; url: string; schema?: string };

export interface ReminderOffsets {
  /** Minutes before the appeal deadline at which reminders are due. */
  appealDeadline: number[];
  /** Minutes before a hearing at which reminders are due. */
  hearing: number[];
}

/** The validated, typed configuration. Only this folder reads process.env. */
export interface AppConfig {
  nodeEnv: string;
  production: boolean;
  port: number;
  database: DatabaseConfig;
  redisUrl: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  pseudonymSecret: string;
  evidenceDir: string;
  maxEvidenceBytes: number;
  exportDir: string;
  exportRetentionDays: number;
  appealWindowDays: number;
  reminderOffsets: ReminderOffsets;
  reconcileIntervalMs: number;
  /** Base of the retry waits of a failed delivery: the n-th retry waits (2ⁿ − 1) × this (reminder-retry.ts). */
  reminderBackoffMs: number;
  /** Delivery tries in all, the first included, before a reminder becomes `failed` (at least 5). */
  reminderAttempts: number;
  followUpDays: number;
  worker: boolean;
  smtpUrl?: string;
  mailFrom: string;
  webhookUrl?: string;
  webhookSecret?: string;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: string;
  /** Express "trust proxy": false, a hop count, or addresses/subnets of trusted reverse proxies. */
  trustProxy: TrustProxy;
  dataDir: string;
  /**
   * PUBLIC_URL without a trailing slash: the address users reach the app at, the base of every
   * link Caseline sends out. Unset outside production: links then use http://localhost:<port>.
   */
  publicUrl?: string;
  /** A browser session ends after this many minutes without a request (fractions allowed). */
  sessionIdleMinutes: number;
  /** ... and this many hours after sign-in, however busy (fractions allowed). */
  sessionMaxHours: number;
  /** Researchers' statistics withhold any number of fewer cases than this (small-cell suppression). */
  statsMinCell: number;
  /** The log's name in its checkpoints and key (C2SP tlog-checkpoint origin). */
  logOrigin: string;
  /** The log's Ed25519 signing key, as the 32-byte seed in base64. */
  logSigningKey: string;
  /** A checkpoint is signed at least this often while the log grows. */
  checkpointIntervalMinutes: number;
  /** Where each new checkpoint is POSTed (text/plain), when set. */
  logWitnessUrl?: string;
}

export type TrustProxy = false | number | string[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MIN_SECRET_LENGTH = 32;

/**
 * Parses "appeal_deadline:7d,2d,1d;hearing:2d,2h" into minutes before the date.
 * Units: d (days), h (hours), m (minutes).
 */
export function parseReminderOffsets(raw: string): Partial<ReminderOffsets> {
  // Only the kinds named are returned, so the others keep their defaults.
  const result: Partial<ReminderOffsets> = {};
  for (const part of raw
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, list] = part.split(':').map((p) => p.trim());
    if (!list) throw new Error(`"${part}" must look like kind:7d,2d`);
    const minutes = list.split(',').map((item) => {
      const m = /^(\d+)([dhm])$/.exec(item.trim());
      if (!m) throw new Error(`"${item}" is not an offset like 7d, 2h or 30m`);
      const n = Number(m[1]);
      return m[2] === 'd' ? n * 1440 : m[2] === 'h' ? n * 60 : n;
    });
    if (kind === 'appeal_deadline') result.appealDeadline = minutes;
    else if (kind === 'hearing') result.hearing = minutes;
    else throw new Error(`unknown kind "${kind}" (expected appeal_deadline or hearing)`);
  }
  return result;
}

function parseDatabaseUrl(raw: string): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new Error('sqlite: needs a file path, e.g. sqlite:./data/caseline.sqlite');
    return { type: 'sqlite', path };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    const url = new URL(raw);
    if (!url.hostname) throw new Error('needs a host, e.g. postgres://user:password@localhost:5432/caseline');
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    return { type: 'postgres', url: url.toString(), schema };
  }
  throw new Error('must start with sqlite: or postgres://');
}

const PROXY_TOKEN = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;

/** "off" | a hop count | a comma-separated list of proxy addresses, subnets or express's names. */
function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (['', 'off', 'false', 'no', '0'].includes(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((p) => p.trim());
  if (!list.every((p) => PROXY_TOKEN.test(p)))
    throw new Error('must be off, a number of proxy hops, or a list of addresses/subnets (e.g. loopback)');
  return list;
}

/**
 * Validates the environment. Pure: every problem is collected and reported together,
 * each naming its variable. Secrets that are absent are returned as undefined here and
 * resolved by {@link resolveSecrets}.
 */
export function validateEnvironment(env: Env): Omit<
  AppConfig,
  'jwtSecret' | 'pseudonymSecret' | 'logSigningKey'
> & {
  jwtSecret?: string;
  pseudonymSecret?: string;
  logSigningKey?: string;
} {
  const problems: string[] = [];
  const str = (name: string, fallback: string) => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim())) {
      problems.push(`${name} must be a whole number, got "${raw}"`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
  const decimal = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+(\.\d+)?$/.test(raw.trim())) {
      problems.push(`${name} must be a number, got "${raw}"`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
  const optionalUrl = (name: string, protocols: string[]) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')}, got "${u.protocol}"`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };
  const secret = (name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (raw.length < MIN_SECRET_LENGTH)
      problems.push(`${name} must be at least ${MIN_SECRET_LENGTH} characters`);
    return raw;
  };

  const nodeEnv = str('NODE_ENV', 'development');
  const production = nodeEnv === 'production';

  let database: DatabaseConfig = { type: 'sqlite', path: './data/caseline.sqlite' };
  try {
    database = parseDatabaseUrl(str('DATABASE_URL', 'sqlite:./data/caseline.sqlite'));
  } catch (e) {
    problems.push(`DATABASE_URL ${(e as Error).message}`);
  }

  const redisUrl = str('REDIS_URL', 'redis://127.0.0.1:6379');
  try {
    const u = new URL(redisUrl);
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
      problems.push('REDIS_URL must start with redis:// or rediss://');
  } catch {
    problems.push('REDIS_URL is not a valid URL');
  }

  let reminderOffsets: ReminderOffsets = {
    appealDeadline: [7 * 1440, 2 * 1440, 1440],
    hearing: [2 * 1440, 120],
  };
  if (env.REMINDER_OFFSETS) {
    try {
      reminderOffsets = { ...reminderOffsets, ...parseReminderOffsets(env.REMINDER_OFFSETS) };
    } catch (e) {
      problems.push(`REMINDER_OFFSETS: ${(e as Error).message}`);
    }
  }

  const logLevel = str('LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const adminEmail = env.ADMIN_EMAIL || undefined;
  if (adminEmail && !/^[^\s@]+@[^\s@]+$/.test(adminEmail))
    problems.push('ADMIN_EMAIL is not an email address');
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  const adminPasswordProblem = adminPassword && passwordProblem(adminPassword, adminEmail, 'ADMIN_PASSWORD');
  if (adminPasswordProblem) problems.push(adminPasswordProblem);
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }

  let trustProxy: TrustProxy = false;
  try {
    trustProxy = parseTrustProxy(str('TRUST_PROXY', 'off'));
  } catch (e) {
    problems.push(`TRUST_PROXY ${(e as Error).message}`);
  }

  const worker = str('WORKER', 'on');
  if (!['on', 'off'].includes(worker)) problems.push(`WORKER must be on or off, got "${worker}"`);

  const jwtSecret = secret('JWT_SECRET');
  const pseudonymSecret = secret('PSEUDONYM_SECRET');
  if (production) {
    if (!jwtSecret) problems.push('JWT_SECRET is required in production (at least 32 characters)');
    if (!pseudonymSecret)
      problems.push('PSEUDONYM_SECRET is required in production (at least 32 characters)');
  }

  const publicUrl = optionalUrl('PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, '');
  // A schema-less URL, as C2SP recommends: by default where Caseline is reached, plus /log.
  const logOrigin = str(
    'LOG_ORIGIN',
    publicUrl ? `${publicUrl.replace(/^https?:\/\//, '')}/log` : 'caseline.localhost/log',
  );
  if (!isValidKeyName(logOrigin)) problems.push(`LOG_ORIGIN must have no spaces or +, got "${logOrigin}"`);
  let logSigningKey: string | undefined;
  if (env.LOG_SIGNING_KEY) {
    try {
      logSigningKey = signingSeedOf(env.LOG_SIGNING_KEY, logOrigin);
    } catch (e) {
      problems.push(`LOG_SIGNING_KEY ${(e as Error).message}`);
    }
  } else if (production) {
    problems.push(
      'LOG_SIGNING_KEY is required in production (32 random bytes in base64: openssl rand -base64 32)',
    );
  }
  if (publicUrl && /[?#]/.test(publicUrl)) problems.push('PUBLIC_URL must not carry a query or fragment');
  if (production && !publicUrl)
    problems.push(
      'PUBLIC_URL is required in production: the address users reach Caseline at (e.g. https://caseline.example.org), used in every link it sends',
    );

  const config = {
    nodeEnv,
    production,
    port: int('PORT', 3000, 0, 65535),
    database,
    redisUrl,
    jwtSecret,
    jwtTtlSeconds: int('JWT_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    pseudonymSecret,
    evidenceDir: str('EVIDENCE_DIR', './data/evidence'),
    maxEvidenceBytes: int('MAX_EVIDENCE_BYTES', 50 * 1024 * 1024, 1, 1024 ** 4),
    exportDir: str('EXPORT_DIR', './data/exports'),
    exportRetentionDays: int('EXPORT_RETENTION_DAYS', 7, 1, 3650),
    appealWindowDays: int('APPEAL_WINDOW_DAYS', 28, 1, 365),
    reminderOffsets,
    reconcileIntervalMs: int('RECONCILE_INTERVAL_MS', 60_000, 100, 24 * 3600 * 1000),
    reminderBackoffMs: int('REMINDER_BACKOFF_MS', 30_000, 10, 3600 * 1000),
    reminderAttempts: int('REMINDER_ATTEMPTS', 6, 5, 50),
    followUpDays: int('FOLLOW_UP_DAYS', 30, 1, 3650),
    worker: worker !== 'off',
    smtpUrl: optionalUrl('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: str('MAIL_FROM', 'Caseline <caseline@localhost>'),
    webhookUrl: optionalUrl('WEBHOOK_URL', ['http:', 'https:']),
    webhookSecret: env.WEBHOOK_SECRET || undefined,
    adminEmail,
    adminPassword,
    logLevel,
    trustProxy,
    dataDir: str('DATA_DIR', './data'),
    publicUrl,
    sessionIdleMinutes: decimal('SESSION_IDLE_MINUTES', 30, 0.01, 24 * 60),
    sessionMaxHours: decimal('SESSION_MAX_HOURS', 12, 0.001, 30 * 24),
    statsMinCell: int('STATS_MIN_CELL', 5, 1, 1000),
    logOrigin,
    logSigningKey,
    checkpointIntervalMinutes: int('CHECKPOINT_INTERVAL_MINUTES', 60, 1, 7 * 24 * 60),
    logWitnessUrl: optionalUrl('LOG_WITNESS_URL', ['http:', 'https:']),
  };
  if (config.webhookUrl && !config.webhookSecret)
    problems.push('WEBHOOK_SECRET is required when WEBHOOK_URL is set');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/**
 * Outside production, secrets that were not given are generated once and kept in
 * <dataDir>/secrets.json (mode 0600) so that tokens and pseudonyms stay stable across restarts.
 */
export function resolveSecrets(partial: ReturnType<typeof validateEnvironment>): AppConfig {
  if (partial.jwtSecret && partial.pseudonymSecret && partial.logSigningKey) {
    return {
      ...partial,
      jwtSecret: partial.jwtSecret,
      pseudonymSecret: partial.pseudonymSecret,
      logSigningKey: partial.logSigningKey,
    };
  }
  const file = resolve(partial.dataDir, 'secrets.json');
  let stored: { JWT_SECRET?: string; PSEUDONYM_SECRET?: string; LOG_SIGNING_KEY?: string } = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new ConfigError([`${file} (generated JWT_SECRET/PSEUDONYM_SECRET) is not valid JSON`]);
    }
  }
  let changed = false;
  for (const key of ['JWT_SECRET', 'PSEUDONYM_SECRET'] as const) {
    if (!stored[key]) {
      stored[key] = randomBytes(48).toString('base64url');
      changed = true;
    }
  }
  // Only generated when needed (files written before the log existed gain it on their next load).
  if (!partial.logSigningKey && !stored.LOG_SIGNING_KEY) {
    stored.LOG_SIGNING_KEY = randomBytes(32).toString('base64');
    changed = true;
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return {
    ...partial,
    jwtSecret: partial.jwtSecret ?? stored.JWT_SECRET!,
    pseudonymSecret: partial.pseudonymSecret ?? stored.PSEUDONYM_SECRET!,
    logSigningKey: partial.logSigningKey ?? signingSeedOf(stored.LOG_SIGNING_KEY!, partial.logOrigin),
  };
}

export function loadConfig(env: Env): AppConfig {
  return resolveSecrets(validateEnvironment(env));
}

/** Reads .env (if present) under the real environment: variables already set win. */
function readEnvFile(): void {
  if (existsSync('.env')) process.loadEnvFile?.('.env');
}

/** Reads .env (if present) under the real environment, then validates. */
export function loadConfigFromProcess(): AppConfig {
  readEnvFile();
  return loadConfig(process.env);
}

/** The database settings alone, for the migration CLIs (no secrets are needed or generated). */
export function databaseConfigFromProcess(): DatabaseConfig {
  readEnvFile();
  return validateEnvironment(process.env).database;
}
