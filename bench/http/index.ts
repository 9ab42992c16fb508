import { join } from 'node:path';
import { startServer } from '../../test/helpers/server';
import { bootApp, load, LoadResult, report, runBench, sampleRss } from '../lib';

/**
 * bench/http: what the framework, auth guard and logging cost per request.
 * Authenticated GET /api/me (JWT check + one user read + request log) and GET /health/live
 * (the whole HTTP stack, no auth, not logged) against a bare node:http server, same machine, same run;
 * bare Express on the same route shows how much of the cost is the HTTP framework underneath.
 */
const TARGETS = {
  /** The whole stack (helmet, request id, logger, router, guard) keeps a tenth of bare node:http. */
  liveThroughput: { ratioAtLeast: 0.1 },
  /** Plus JWT verification, one user read and one log line per request. */
  meThroughput: { ratioAtLeast: 0.03 },
  liveP99: { atMost: 50 },
  meP50: { atMost: 50 },
  meP99: { atMost: 150 },
  /** Fits a 512 MiB machine with room for SQLite's page cache and the OS. */
  peakRss: { atMost: 384 },
} as const;

/** Rounds per target (BENCH_ROUNDS); each lasts BENCH_DURATION seconds divided by the rounds. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The run with the median throughput (its latencies come with it). */
function median(results: LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.reqPerSec - b.reqPerSec)[Math.floor(results.length / 2)];
}

function print(name: string, r: LoadResult): void {
  process.stdout.write(
    `  ${name}: ${r.reqPerSec.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms` +
      `${r.non2xx || r.errors ? `, non-2xx ${r.non2xx}, errors ${r.errors}` : ''}\n`,
  );
}

runBench(async () => {
  const bare = await startServer({}, { script: join(__dirname, 'bare-server.js') });
  const bareExpress = await startServer({}, { script: join(__dirname, 'bare-express.js') });
  const app = await bootApp();
  const rss = sampleRss(app.server.pid);
  const bareRssSampler = sampleRss(bare.pid);
  try {
    // warm-up: JIT, SQLite page cache
    await load(`${app.url}/api/me`, { headers: { authorization: `Bearer ${app.token}` }, duration: 2 });

    // Interleaved rounds, median per target: the machine may be shared, and a burst of someone
    // else's work should not land on one target only.
    const targets = {
      raw: () => load(`${bare.url}/`),
      express: () => load(`${bareExpress.url}/health/live`),
      live: () => load(`${app.url}/health/live`),
      me: () => load(`${app.url}/api/me`, { headers: { authorization: `Bearer ${app.token}` } }),
    };
    const runs: Record<keyof typeof targets, LoadResult[]> = { raw: [], express: [], live: [], me: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(targets) as (keyof typeof targets)[])
        runs[name].push(await targets[name]());
    }
    const { raw, express, live, me } = {
      raw: median(runs.raw),
      express: median(runs.express),
      live: median(runs.live),
      me: median(runs.me),
    };
    const peak = rss.stop();
    const bareRss = bareRssSampler.stop();

    print('bare node:http', raw);
    print('bare Express, same route', express);
    print('GET /health/live', live);
    print('GET /api/me (authenticated)', me);
    const failed = [...runs.live, ...runs.me].some((r) => r.non2xx || r.errors);
    if (failed) throw new Error('requests failed during the run');

    const results = [
      report('http.live.throughput', live.reqPerSec, 'req/s', raw.reqPerSec, TARGETS.liveThroughput),
      report('http.me.throughput', me.reqPerSec, 'req/s', raw.reqPerSec, TARGETS.meThroughput),
      report('http.me_vs_live.throughput', me.reqPerSec, 'req/s', live.reqPerSec, {}),
      // How much of the cost is Express itself, and how much Nest and Caseline's middleware add.
      report('http.live_vs_express.throughput', live.reqPerSec, 'req/s', express.reqPerSec, {}),
      report('http.live.p50', live.p50Ms, 'ms', raw.p50Ms, {}),
      report('http.live.p99', live.p99Ms, 'ms', raw.p99Ms, TARGETS.liveP99),
      report('http.me.p50', me.p50Ms, 'ms', raw.p50Ms, TARGETS.meP50),
      report('http.me.p99', me.p99Ms, 'ms', raw.p99Ms, TARGETS.meP99),
      report('http.peak_rss', peak, 'MiB', bareRss, TARGETS.peakRss),
    ];
    return results.every(Boolean);
  } finally {
    rss.stop();
    bareRssSampler.stop();
    await app.close();
    await bare.stop();
    await bareExpress.stop();
  }
});
