import { connect } from 'node:net';
import { intake } from './factories/case-payloads';
import { problemsIn } from './fuzz/checks';
import { describeFailure, fuzzApp } from './fuzz/fuzzer';
import { FuzzResponse } from './fuzz/http';
import { seedFrom } from './fuzz/random';
import { BAD_UNICODE, EXOTIC_DATES, SQL_META } from './fuzz/values';
import { CALLERS } from './fuzz/world';
import { rawRequest } from './helpers/raw-http';
import { createTestApp, TestApp } from './helpers/test-app';

// The fuzz run is bounded by time and by a request budget, whichever comes first (`npm run fuzz
// -- --minutes 10` runs the same fuzzer longer). FUZZ_SEED=<n> repeats a run.
const FUZZ_MS = 60_000;
const FUZZ_REQUESTS = 6_000;

const answer = (
  status: number,
  body: string,
  type = 'application/json; charset=utf-8',
  cutOff?: string,
): FuzzResponse => ({
  status,
  headers: { 'content-type': type },
  body: Buffer.from(body),
  cutOff,
});

describe("the fuzzer's checks", () => {
  it('pass a JSON error and a 2xx that echoes the hostile strings the fuzzer sends', () => {
    expect(
      problemsIn(
        answer(400, '{"statusCode":400,"message":["version must be a number"],"error":"Bad Request"}'),
      ),
    ).toEqual([]);
    const echo = JSON.stringify({ items: [...SQL_META, ...BAD_UNICODE, ...EXOTIC_DATES] });
    expect(problemsIn(answer(200, echo))).toEqual([]);
  });

  it('flag a 5xx, a 4xx that is not the JSON error shape, and a cut-off answer', () => {
    expect(problemsIn(answer(500, '{"statusCode":500,"message":"Internal server error"}'))).toEqual([
      'answered 500',
    ]);
    expect(problemsIn(answer(404, '<html>Not Found</html>', 'text/html'))).toEqual([
      'a 404 whose body is not JSON {statusCode: 404, message}',
    ]);
    expect(problemsIn(answer(401, '{"statusCode":401,"message":"x"}', 'text/calendar'))).toHaveLength(1);
    expect(problemsIn(answer(200, '{"items":[', undefined, 'the connection closed'))).toEqual([
      'response cut off: the connection closed',
    ]);
  });

  it('flag stack traces, source paths and SQL in any body', () => {
    const leaks = [
      'TypeError: x\n    at Object.<anonymous> (/srv/caseline/dist/reminders/reminders.service.js:134:64)',
      'see /work/app/src/cases/cases.service.ts for details',
      'QueryFailedError: SQLITE_CONSTRAINT: NOT NULL constraint failed: cases.priority',
      'null value in column "priority" of relation "cases" violates not-null constraint',
      'syntax error at or near "WHERE"',
      'SELECT "c"."id" FROM "cases" "c" WHERE x',
    ];
    for (const leak of leaks) {
      expect({
        leak,
        flagged: problemsIn(answer(400, JSON.stringify({ statusCode: 400, message: leak }))).length > 0,
      }).toEqual({
        leak,
        flagged: true,
      });
    }
  });
});

describe('Fuzz test (OpenAPI-driven, every operation as every role and none)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('defects it found', () => {
    it('refuses a body key that shadows Object.prototype with a 400 naming it (was a 500 from new Date)', async () => {
      const c = await intake(t.as.caseworker);
      const res = await rawRequest(t.url, {
        method: 'POST',
        path: `/api/cases/${c.id}/reminders`,
        headers: { authorization: `Bearer ${t.as.caseworker.token}`, 'content-type': 'application/json' },
        body: '{"dueAt":{"toString":{"polluted":true}},"message":"x"}',
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        message: ['dueAt.toString is not an allowed field name'],
      });
      const proto = await rawRequest(t.url, {
        method: 'POST',
        path: '/api/cases',
        headers: { authorization: `Bearer ${t.as.caseworker.token}`, 'content-type': 'application/json' },
        body: '{"member":{"fullName":"A","__proto__":{"isAdmin":true}},"actionType":"suspension"}',
      });
      expect(proto.body).toMatchObject({
        statusCode: 400,
        message: ['member.__proto__ is not an allowed field name'],
      });
    });

    it("answers a URL over Node's header limit with the JSON error shape (was an empty 431)", async () => {
      const res = await rawRequest(t.url, { path: `/api/me?q=${'x'.repeat(70_000)}` });
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ statusCode: 431, message: 'Request Header Fields Too Large' });
    });

    it('keeps its answer to a refused request while the client is still sending (closing at once reset the connection and lost it)', async () => {
      // A URL over the header limit, then a large body: the server answers 431 before the body has
      // arrived. Closing the connection with the client's bytes still unread makes the kernel reset
      // it, and the client may lose the answer it was sent (seen by the fuzzer as "write ECONNRESET").
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
        socket.pause(); // the answer is read only once the whole body is sent, as a busy client would
        let text = '';
        socket.on('data', (c) => (text += c.toString()));
        socket.on('error', (e) =>
          reject(new Error(`${e.message} after ${JSON.stringify(text.slice(0, 40))}`)),
        );
        socket.on('close', () => resolve(text));
        socket.write(
          `GET /api/me?q=${'x'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\nContent-Length: 1100000\r\n\r\n`,
        );
        const part = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const more = () => {
          if (sent >= 1_100_000) {
            socket.end();
            return void setTimeout(() => socket.resume(), 200);
          }
          socket.write(part);
          sent += part.length;
          setTimeout(more, 5);
        };
        setTimeout(more, 100);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    });

    it('answers a malformed request with the JSON error shape (was an empty 400)', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(t.url).port), '127.0.0.1', () =>
          socket.write('GET /api/me HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'),
        );
        let text = '';
        socket.on('data', (c) => (text += c.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(raw).toMatch(/\r\ncontent-type: application\/json/i);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
        statusCode: 400,
        message: 'Bad Request',
      });
    });

    it('labels an error as JSON on a route that sets its own type (was a JSON 401 sent as text/calendar)', async () => {
      const res = await rawRequest(t.url, { path: '/api/calendar.ics?token=wrong' });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body).toMatchObject({ statusCode: 401, message: 'Invalid or revoked calendar token' });
    });
  });

  it(
    'answers valid and mutated requests without a 5xx, a malformed error, a leak or a cut-off, and keeps the audit chain whole',
    async () => {
      const seed = seedFrom(process.env.FUZZ_SEED);
      const report = await fuzzApp(t, { seed, durationMs: FUZZ_MS, maxRequests: FUZZ_REQUESTS });
      // Every operation of the document, as every role and with no token.
      expect(report.operations).toBeGreaterThan(40);
      const missed =
        Object.keys(report.coverage).length === report.operations ? [] : ['an operation was never sent'];
      for (const [op, callers] of Object.entries(report.coverage)) {
        for (const caller of CALLERS) if (!callers[caller]) missed.push(`${op} as ${caller}`);
      }
      expect(missed).toEqual([]);
      // A server that died answers nothing more: what it wrote last says why.
      if (report.failures.length)
        process.stderr.write(`The server's last lines:\n${t.server.output.slice(-40).join('\n')}\n`);
      expect(report.failures.map((f) => describeFailure(seed, f))).toEqual([]);
      expect(report.failureCount).toBe(0);
    },
    10 * 60_000,
  );
});
