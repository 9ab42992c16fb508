/**
 * bench/upload: a 256 MiB evidence upload through the API against the raw pipeline it is built
 * on (stream to a file + SHA-256 + fsync), in the same run; then a 1 GiB upload while the
 * server's resident memory is sampled from /proc/<pid>/status, to prove the upload streams.
 *
 *   npm run bench -- upload        (via bench/run.ts, when present)
 *   npx ts-node --transpile-only bench/upload/index.ts
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { seedCase } from '../../test/factories/seed';
import { openDb } from '../../test/helpers/db';
import { startServer } from '../../test/helpers/server';

const MiB = 1024 * 1024;
const THROUGHPUT_BYTES = 256 * MiB;
const STREAMING_BYTES = 1024 * MiB;
const RATIO_TARGET = 0.67;
const RSS_TARGET_MIB = 64;
const CHUNK = 64 * 1024;
const ROUNDS = 3;

/** A WAV file of `size` bytes: a valid header, then noise from a random pool (cheap to generate). */
function wavStream(size: number): Readable {
  const pool = randomBytes(4 * MiB);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(Math.min(size - 8, 0xffffffff), 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(44100, 24);
  header.writeUInt32LE(44100 * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(Math.min(size - 44, 0xffffffff), 40);
  let sent = 0;
  return new Readable({
    highWaterMark: 4 * CHUNK,
    read() {
      if (sent >= size) return void this.push(null);
      const length = Math.min(CHUNK, size - sent);
      const offset = (sent * 7) % (pool.length - CHUNK);
      // Slices of the pool, not copies: generating the data should cost next to nothing.
      let chunk = pool.subarray(offset, offset + length);
      if (sent === 0) {
        chunk = Buffer.from(chunk);
        header.copy(chunk, 0, 0, Math.min(44, length));
        randomBytes(16).copy(chunk, 44); // every upload is new content
      }
      sent += length;
      this.push(chunk);
    },
  });
}

/** The raw component: stream to a file with SHA-256 and size in the same pass, then fsync. */
async function rawPipeline(dir: string, size: number): Promise<number> {
  const path = join(dir, `raw-${randomBytes(4).toString('hex')}`);
  const started = process.hrtime.bigint();
  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(
    wavStream(size),
    new Transform({
      transform(chunk: Buffer, _e, cb) {
        bytes += chunk.length;
        hash.update(chunk);
        cb(null, chunk);
      },
    }),
    createWriteStream(path, { highWaterMark: 256 * 1024 }),
  );
  const handle = await open(path, 'r+');
  await handle.sync();
  await handle.close();
  hash.digest('hex');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(path);
  if (bytes !== size) throw new Error('raw pipeline lost bytes');
  return seconds;
}

/** One multipart upload over plain HTTP (the body is streamed, never built in memory). */
function apiUpload(url: string, token: string, caseId: string, size: number): Promise<number> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nbenchmark\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.wav"\r\n` +
      'Content-Type: audio/wav\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const target = new URL(`/api/cases/${caseId}/evidence`, url);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + size + tail.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          if (res.statusCode !== 201) {
            reject(new Error(`upload answered ${res.statusCode}: ${Buffer.concat(chunks).toString()}`));
          } else resolve(seconds);
        });
      },
    );
    req.on('error', reject);
    req.write(head);
    const body = wavStream(size);
    body.pipe(req, { end: false });
    body.on('end', () => req.end(tail));
  });
}

function rssKiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

export async function run(): Promise<boolean> {
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-if-needed.js')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'caseline-bench-upload-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.sqlite')}`;
  const adminEmail = 'bench-admin@caseline.test';
  const adminPassword = 'bench-admin-password';
  const server = await startServer({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PSEUDONYM_SECRET: randomBytes(32).toString('hex'),
    LOG_SIGNING_KEY: randomBytes(32).toString('base64'),
    EVIDENCE_DIR: join(dir, 'evidence'),
    EXPORT_DIR: join(dir, 'exports'),
    DATA_DIR: dir,
    MAX_EVIDENCE_BYTES: String(2 * STREAMING_BYTES),
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
  });
  const db = await openDb(databaseUrl);
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    const { accessToken, user } = (await login.json()) as { accessToken: string; user: { id: string } };
    const bootRss = rssKiB(server.pid);

    // Warm-up: JIT, file-type's first load, the database.
    await apiUpload(server.url, accessToken, (await seedCase(db, user.id)).caseId, 4 * MiB);

    let raw = Infinity;
    let api = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      raw = Math.min(raw, await rawPipeline(dir, THROUGHPUT_BYTES));
      api = Math.min(
        api,
        await apiUpload(server.url, accessToken, (await seedCase(db, user.id)).caseId, THROUGHPUT_BYTES),
      );
    }
    const rawRate = THROUGHPUT_BYTES / MiB / raw;
    const apiRate = THROUGHPUT_BYTES / MiB / api;
    const ratio = apiRate / rawRate;
    const throughputOk = ratio >= RATIO_TARGET;
    console.log(
      `upload-256MiB: ${fmt(apiRate)} MiB/s, raw ${fmt(rawRate)} MiB/s, ratio ${fmt(ratio, 2)} ` +
        `(target ≥ ${RATIO_TARGET}) ${throughputOk ? 'ok' : 'short'}`,
    );

    const baseline = rssKiB(server.pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssKiB(server.pid));
    }, 20);
    const seconds = await apiUpload(
      server.url,
      accessToken,
      (await seedCase(db, user.id)).caseId,
      STREAMING_BYTES,
    );
    clearInterval(sampler);
    peak = Math.max(peak, rssKiB(server.pid));
    const growthMiB = (peak - baseline) / 1024;
    const rssOk = growthMiB < RSS_TARGET_MIB;
    console.log(
      `upload-1GiB-rss-growth: ${fmt(growthMiB)} MiB, raw 0 MiB, ratio n/a (target < ${RSS_TARGET_MIB} MiB) ` +
        `${rssOk ? 'ok' : 'short'}; ${fmt(STREAMING_BYTES / MiB / seconds)} MiB/s`,
    );
    console.log(
      `upload peak RSS: server ${fmt(rssKiB(server.pid, 'VmHWM') / 1024)} MiB (after boot ${fmt(bootRss / 1024)} MiB, before 1 GiB ` +
        `${fmt(baseline / 1024)} MiB, peak during ${fmt(peak / 1024)} MiB), bench ${fmt(process.memoryUsage().rss / MiB)} MiB`,
    );
    return throughputOk && rssOk;
  } finally {
    await db.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}
