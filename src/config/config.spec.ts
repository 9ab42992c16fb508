import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseReminderOffsets, validateEnvironment } from './config';

const SECRET = 'x'.repeat(32);
const OTHER_SECRET = 'y'.repeat(40);
const LOG_KEY = Buffer.alloc(32, 3).toString('base64');

/** The problems validateEnvironment reports for an environment (empty when it is valid). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('validateEnvironment', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = validateEnvironment({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      production: false,
      port: 3000,
      database: { type: 'sqlite', path: './data/caseline.sqlite' },
      redisUrl: 'redis://127.0.0.1:6379',
      jwtTtlSeconds: 12 * 3600,
      evidenceDir: './data/evidence',
      maxEvidenceBytes: 50 * 1024 * 1024,
      appealWindowDays: 28,
      statsMinCell: 5,
      reminderOffsets: { appealDeadline: [7 * 1440, 2 * 1440, 1440], hearing: [2 * 1440, 120] },
      logLevel: 'info',
      trustProxy: false,
      dataDir: './data',
    });
    expect(config.jwtSecret).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
  });

  it('reads a PostgreSQL DATABASE_URL and its schema parameter', () => {
    const config = validateEnvironment({ DATABASE_URL: 'postgres://u:p@db:5432/caseline?schema=app' });
    expect(config.database).toEqual({
      type: 'postgres',
      url: 'postgres://u:p@db:5432/caseline',
      schema: 'app',
    });
  });

  it('reads sqlite: paths with and without //', () => {
    expect(validateEnvironment({ DATABASE_URL: 'sqlite:/var/lib/c.sqlite' }).database).toEqual({
      type: 'sqlite',
      path: '/var/lib/c.sqlite',
    });
    expect(validateEnvironment({ DATABASE_URL: 'sqlite://./x.sqlite' }).database).toEqual({
      type: 'sqlite',
      path: './x.sqlite',
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['DATABASE_URL', 'sqlite:'],
    ['DATABASE_URL', 'postgres://'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['REDIS_URL', 'not a url'],
    ['LOG_LEVEL', 'verbose'],
    ['MAX_EVIDENCE_BYTES', '0'],
    ['MAX_EVIDENCE_BYTES', '50MB'],
    ['APPEAL_WINDOW_DAYS', '0'],
    ['APPEAL_WINDOW_DAYS', '1000'],
    ['APPEAL_WINDOW_DAYS', '2.5'],
    ['STATS_MIN_CELL', '0'],
    ['STATS_MIN_CELL', 'five'],
    ['REMINDER_OFFSETS', 'appeal_deadline:7x'],
    ['REMINDER_OFFSETS', 'birthday:1d'],
    ['REMINDER_OFFSETS', 'appeal_deadline'],
    ['SMTP_URL', 'http://mail.example.org'],
    ['SMTP_URL', 'nonsense'],
    ['WEBHOOK_URL', 'ftp://hooks.example.org'],
    ['JWT_TTL_SECONDS', '10'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['WORKER', 'maybe'],
    ['TRUST_PROXY', 'everyone!'],
  ])('names %s when it is %p', (name, value) => {
    const env: Record<string, string> = { [name]: value };
    // ADMIN_EMAIL must come with a password; give a valid one so only the email is at fault.
    if (name === 'ADMIN_EMAIL') env.ADMIN_PASSWORD = 'a-long-enough-password';
    if (name === 'WEBHOOK_URL') env.WEBHOOK_SECRET = 'a-webhook-secret';
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('requires WEBHOOK_SECRET when WEBHOOK_URL is set', () => {
    expect(problemsOf({ WEBHOOK_URL: 'https://hooks.example.org/x' })).toEqual([
      expect.stringContaining('WEBHOOK_SECRET'),
    ]);
    expect(problemsOf({ WEBHOOK_URL: 'https://hooks.example.org/x', WEBHOOK_SECRET: 's3cret' })).toEqual([]);
  });

  it.each(['JWT_SECRET', 'PSEUDONYM_SECRET'])('refuses a %s shorter than 32 characters', (name) => {
    expect(problemsOf({ [name]: 'short' })).toEqual([expect.stringMatching(new RegExp(`${name}.*32`))]);
  });

  it('requires the secrets, the log signing key and PUBLIC_URL in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      expect.stringContaining('JWT_SECRET is required in production'),
      expect.stringContaining('PSEUDONYM_SECRET is required in production'),
      expect.stringContaining('LOG_SIGNING_KEY is required in production'),
      expect.stringContaining('PUBLIC_URL is required in production'),
    ]);
    expect(
      problemsOf({
        NODE_ENV: 'production',
        JWT_SECRET: SECRET,
        PSEUDONYM_SECRET: SECRET,
        PUBLIC_URL: 'https://c.org',
        LOG_SIGNING_KEY: LOG_KEY,
      }),
    ).toEqual([]);
  });

  it('names the log after PUBLIC_URL by default, and refuses an origin or key it cannot use', () => {
    expect(validateEnvironment({ PUBLIC_URL: 'https://c.org/caseline/' }).logOrigin).toBe(
      'c.org/caseline/log',
    );
    expect(validateEnvironment({}).logOrigin).toBe('caseline.localhost/log');
    expect(validateEnvironment({ LOG_ORIGIN: 'inquiry.example/log' }).logOrigin).toBe('inquiry.example/log');
    expect(problemsOf({ LOG_ORIGIN: 'a log' })).toEqual([
      expect.stringContaining('LOG_ORIGIN must have no spaces'),
    ]);
    expect(problemsOf({ LOG_SIGNING_KEY: 'short' })).toEqual([
      expect.stringContaining('LOG_SIGNING_KEY must be 32 random bytes'),
    ]);
    expect(validateEnvironment({ LOG_SIGNING_KEY: LOG_KEY }).logSigningKey).toBe(LOG_KEY);
    expect(validateEnvironment({}).checkpointIntervalMinutes).toBe(60);
    expect(problemsOf({ LOG_WITNESS_URL: 'ftp://w.org' })).toEqual([
      expect.stringContaining('LOG_WITNESS_URL must use'),
    ]);
  });

  it('reads PUBLIC_URL without its trailing slash, and refuses what is not an http(s) address', () => {
    expect(validateEnvironment({ PUBLIC_URL: 'https://caseline.example.org/' }).publicUrl).toBe(
      'https://caseline.example.org',
    );
    expect(validateEnvironment({}).publicUrl).toBeUndefined();
    expect(problemsOf({ PUBLIC_URL: 'ftp://x.org' })).toEqual([
      expect.stringContaining('PUBLIC_URL must use'),
    ]);
    expect(problemsOf({ PUBLIC_URL: 'caseline' })).toEqual(['PUBLIC_URL is not a valid URL']);
    expect(problemsOf({ PUBLIC_URL: 'https://x.org/?a=1' })).toEqual([
      expect.stringContaining('PUBLIC_URL must not carry a query'),
    ]);
  });

  it('reads session lifetimes, fractions allowed, with defaults of 30 minutes and 12 hours', () => {
    expect(validateEnvironment({})).toMatchObject({ sessionIdleMinutes: 30, sessionMaxHours: 12 });
    expect(validateEnvironment({ SESSION_IDLE_MINUTES: '0.5', SESSION_MAX_HOURS: '1.5' })).toMatchObject({
      sessionIdleMinutes: 0.5,
      sessionMaxHours: 1.5,
    });
    expect(problemsOf({ SESSION_IDLE_MINUTES: 'soon', SESSION_MAX_HOURS: '0' })).toEqual([
      'SESSION_IDLE_MINUTES must be a number, got "soon"',
      expect.stringContaining('SESSION_MAX_HOURS must be between'),
    ]);
  });

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together, and a password the rules accept', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.org' })).toEqual([expect.stringContaining('ADMIN_PASSWORD')]);
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'short' })).toEqual([
      expect.stringContaining('ADMIN_PASSWORD must be at least 12'),
    ]);
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'qwerty123456' })).toEqual([
      expect.stringContaining('ADMIN_PASSWORD is a commonly used password'),
    ]);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', APPEAL_WINDOW_DAYS: '-3' });
    expect(problems).toHaveLength(3);
    for (const name of ['PORT', 'LOG_LEVEL', 'APPEAL_WINDOW_DAYS']) {
      expect(problems.some((p) => p.includes(name))).toBe(true);
    }
  });

  it('puts every problem in the error message', () => {
    expect(() => validateEnvironment({ PORT: 'x', REDIS_URL: 'x' })).toThrow(/REDIS_URL[\s\S]*PORT/);
  });

  it('reads TRUST_PROXY as off, a hop count or a list of addresses', () => {
    expect(validateEnvironment({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(validateEnvironment({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(validateEnvironment({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
  });
});

describe('parseReminderOffsets', () => {
  it('turns days, hours and minutes into minutes before the date', () => {
    expect(parseReminderOffsets('appeal_deadline:7d,2d,1d;hearing:2d,2h,30m')).toEqual({
      appealDeadline: [10080, 2880, 1440],
      hearing: [2880, 120, 30],
    });
  });

  it('returns only the kinds it was given', () => {
    expect(parseReminderOffsets('hearing:1d')).toEqual({ hearing: [1440] });
  });

  it('keeps the default of a kind the variable does not mention', () => {
    expect(validateEnvironment({ REMINDER_OFFSETS: 'hearing:1d' }).reminderOffsets).toEqual({
      appealDeadline: [7 * 1440, 2 * 1440, 1440],
      hearing: [1440],
    });
  });
});

describe('loadConfig secrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates missing secrets once into a 0600 file under DATA_DIR', () => {
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.pseudonymSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.jwtSecret).not.toEqual(first.pseudonymSecret);
    const file = join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      JWT_SECRET: first.jwtSecret,
      PSEUDONYM_SECRET: first.pseudonymSecret,
      LOG_SIGNING_KEY: first.logSigningKey,
    });
    expect(Buffer.from(first.logSigningKey, 'base64')).toHaveLength(32);
  });

  it('returns the same secrets on every later load', () => {
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.pseudonymSecret).toBe(first.pseudonymSecret);
  });

  it('prefers secrets from the environment and generates only the missing one', () => {
    const config = loadConfig({ DATA_DIR: dir, JWT_SECRET: OTHER_SECRET });
    expect(config.jwtSecret).toBe(OTHER_SECRET);
    expect(config.pseudonymSecret).toHaveLength(64);
  });

  it('uses the given secrets in production and writes no file', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dir,
      JWT_SECRET: SECRET,
      PSEUDONYM_SECRET: OTHER_SECRET,
      PUBLIC_URL: 'https://caseline.example.org',
      LOG_SIGNING_KEY: LOG_KEY,
    });
    expect(config).toMatchObject({
      jwtSecret: SECRET,
      pseudonymSecret: OTHER_SECRET,
      logSigningKey: LOG_KEY,
      production: true,
    });
    expect(() => statSync(join(dir, 'secrets.json'))).toThrow();
  });

  it('stops in production when a secret is missing, without generating one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, JWT_SECRET: SECRET })).toThrow(
      /PSEUDONYM_SECRET is required in production/,
    );
    expect(() => statSync(join(dir, 'secrets.json'))).toThrow();
  });

  it('names the secrets file when it is not valid JSON', () => {
    writeFileSync(join(dir, 'secrets.json'), '{oops', { mode: 0o600 });
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow(/secrets\.json/);
  });
});
