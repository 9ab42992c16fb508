import { Agent } from 'node:http';
import { problemsIn } from './checks';
import { createFixtures, multipartBody, tokenOf } from './fixtures';
import { FuzzRequest, FuzzResponse, send } from './http';
import { OpenApiDocument, Operation, operationsOf, resolve, Schema } from './openapi';
import { Rng } from './random';
import {
  BAD_IDS,
  BAD_UNICODE,
  Context,
  deep,
  EXOTIC_DATES,
  huge,
  PROTOTYPE_KEYS,
  SQL_META,
  validObject,
  validValue,
  withKey,
  wrongType,
} from './values';
import type { TestApp } from '../helpers/test-app';
import { Caller, CALLERS, Role, World } from './world';

export interface FuzzOptions {
  url: string;
  tokens: Record<Role, string>;
  users: Record<Role, string>;
  seed: number;
  /** The run stops at whichever comes first. */
  durationMs: number;
  maxRequests: number;
  log?: (line: string) => void;
  /** The server's log lines about one request id (shown with a failure: the error behind a 500). */
  serverLog?: (requestId: string) => string[];
}

export interface Failure {
  problems: string[];
  operation: string;
  caller: Caller;
  mutations: string[];
  request: string;
  response: string;
  requestId?: string;
  /** The server's error log about the request (a 500's cause). */
  serverLog?: string[];
}

export interface FuzzReport {
  seed: number;
  requests: number;
  operations: number;
  /** operation → caller → requests sent. */
  coverage: Record<string, Partial<Record<Caller, number>>>;
  /** operation → status → count. */
  statuses: Record<string, Record<number, number>>;
  failures: Failure[];
  /** How many failures in all (only the first ones are kept in `failures`). */
  failureCount: number;
}

/** A request before it is encoded, with the names of the mutations applied to it. */
interface Draft {
  op: Operation;
  caller: Caller;
  params: Record<string, string>;
  query: [string, string][];
  /** Raw `k=v` pieces appended to the query as they are (malformed encodings). */
  rawQuery: string[];
  headers: Record<string, string>;
  body?: { json: unknown } | { raw: Buffer; type: string } | { form: [string, string][]; files: FilePart[] };
  mutations: string[];
}

interface FilePart {
  name: string;
  filename: string;
  content: Buffer;
  type?: string;
}

const DATE_FIELD = /(?:At|Date|Before)$|^(?:from|to)$/;
const KEPT_FAILURES = 50;

const singular = (segment: string) => (segment.endsWith('s') ? segment.slice(0, -1) : segment);
/** The kind of record a path parameter names: the collection before it (`/cases/{id}` → case). */
function paramKind(path: string, name: string): string {
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  return singular(segments[at - 1] ?? 'case');
}
const ALIASES: Record<string, string> = { timeline: 'event', correction: 'event' };
/** The kind of record a route answers with (the last collection in its path). */
function answerKind(path: string): string {
  const literal = path.split('/').filter((s) => s && !s.startsWith('{'));
  const kind = singular(literal[literal.length - 1] ?? '');
  return ALIASES[kind] ?? kind;
}

/** Percent-encodes a string as a sloppy client would: lone surrogates become their 3 (invalid UTF-8) bytes. */
export function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

export class Fuzzer {
  private readonly rng: Rng;
  private world!: World;
  private ops: Operation[] = [];
  private doc!: OpenApiDocument;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly report: FuzzReport;
  private readonly log: (line: string) => void;

  constructor(private readonly options: FuzzOptions) {
    this.rng = new Rng(options.seed);
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.report = {
      seed: options.seed,
      requests: 0,
      operations: 0,
      coverage: {},
      statuses: {},
      failures: [],
      failureCount: 0,
    };
  }

  async run(): Promise<FuzzReport> {
    const { url, tokens, users, durationMs, maxRequests, seed } = this.options;
    this.log(`fuzz: seed ${seed} (FUZZ_SEED=${seed} reproduces this run)`);
    const res = await fetch(`${url}/docs-json`);
    this.doc = (await res.json()) as OpenApiDocument;
    this.ops = operationsOf(this.doc).sort((a, b) => a.key.localeCompare(b.key));
    this.report.operations = this.ops.length;
    const fixtures = await createFixtures(url, tokens);
    this.world = new World(this.rng, users, fixtures.calendarToken);
    for (const r of fixtures.records) this.world.add(r.kind, r.id, r.caseId);

    const deadline = Date.now() + durationMs;
    const more = () => Date.now() < deadline && this.report.requests < maxRequests;
    // First every operation once as every caller with a valid request, then at random, mutated.
    for (const op of this.ops) {
      for (const caller of CALLERS) if (more()) await this.exchange(this.draft(op, caller));
    }
    let reported = Date.now();
    while (more()) {
      const op = this.rng.pick(this.ops);
      const caller =
        op.roles.length && this.rng.chance(0.8)
          ? (this.rng.pick(op.roles) as Caller)
          : this.rng.pick(CALLERS);
      const draft = this.draft(op, caller);
      if (this.rng.chance(0.9)) {
        const count = 1 + this.rng.int(this.rng.chance(0.8) ? 1 : 3);
        for (let i = 0; i < count; i++) this.mutate(draft);
      }
      await this.exchange(draft);
      if (Date.now() - reported > 60_000) {
        reported = Date.now();
        this.log(`fuzz: ${this.report.requests} requests, ${this.report.failureCount} failures`);
      }
    }
    await this.checkAuditChain();
    this.agent.destroy();
    // The server logs an error after it has answered: read the log once the run is over.
    for (const f of this.report.failures) {
      if (f.requestId && this.options.serverLog) {
        f.serverLog = this.options
          .serverLog(f.requestId)
          .map((l) => (l.length > 3000 ? `${l.slice(0, 3000)}…` : l));
      }
    }
    this.log(
      `fuzz: done, ${this.report.requests} requests, ${this.report.failureCount} failures (seed ${seed})`,
    );
    return this.report;
  }

  // ---- valid requests -------------------------------------------------------------------------

  private context(op: Operation, params: Record<string, string>): Context {
    const first = op.pathParams[0]?.name;
    const last = op.pathParams[op.pathParams.length - 1]?.name;
    const caseId = op.path.startsWith('/api/cases/{')
      ? params[first]
      : last && this.world.parentOf(params[last]);
    return {
      world: this.world,
      caseId,
      recordId:
        op.path.startsWith('/api/cases/{id}/') && op.method === 'POST' ? caseId : last && params[last],
      resolve: (s: Schema) => resolve(this.doc, s),
    };
  }

  private draft(op: Operation, caller: Caller): Draft {
    const params: Record<string, string> = {};
    // The last id first, then its parent case (a reminder of that case, not of another).
    for (const p of [...op.pathParams].reverse()) {
      const kind = paramKind(op.path, p.name);
      const child = Object.values(params)[0];
      params[p.name] = (kind === 'case' && child && this.world.parentOf(child)) || this.world.pick(kind);
    }
    const ctx = this.context(op, params);
    const query: [string, string][] = [];
    for (const p of op.queryParams) {
      if (!p.required && !this.rng.chance(0.4)) continue;
      const value = validValue(p.name, p.schema ?? { type: 'string' }, ctx);
      for (const v of Array.isArray(value) ? value : [value]) query.push([p.name, String(v)]);
    }
    const draft: Draft = { op, caller, params, query, rawQuery: [], headers: {}, mutations: [] };
    if (op.body?.contentType.startsWith('multipart/')) {
      const form: [string, string][] = Object.entries(validObject(op.body.schema, ctx))
        .filter(([k]) => k !== 'file')
        .map(([k, v]) => [k, String(v)]);
      const content = Buffer.from(`fuzz evidence ${this.options.seed} ${this.world.next()}\n`);
      draft.body = { form, files: [{ name: 'file', filename: 'note.txt', content }] };
    } else if (op.body) {
      draft.body = { json: validObject(op.body.schema, ctx) };
    }
    return draft;
  }

  // ---- mutations ------------------------------------------------------------------------------

  private mutate(d: Draft): void {
    const kinds: (() => void)[] = [() => this.mutateQuery(d), () => this.mutateHeaders(d)];
    if (d.op.pathParams.length) kinds.push(() => this.mutateParam(d));
    if (d.body && 'json' in d.body)
      kinds.push(
        () => this.mutateJsonField(d),
        () => this.mutateJsonField(d),
      );
    if (d.body && 'form' in d.body)
      kinds.push(
        () => this.mutateMultipart(d),
        () => this.mutateMultipart(d),
      );
    kinds.push(() => this.mutateWholeBody(d));
    this.rng.pick(kinds)();
  }

  /** A hostile value for a field called `name` that held `value`. */
  private hostile(name: string, value: unknown): [string, unknown] {
    const rng = this.rng;
    const dateLike = DATE_FIELD.test(name) || name === 'occurredAt';
    const choices: [string, () => unknown][] = [
      ['null', () => null],
      ['wrong type', () => wrongType(value, rng)],
      ['huge', () => huge(value, rng)],
      ['deeply nested', () => deep(rng.pick([20, 200, 1000]), rng)],
      ['invalid Unicode', () => rng.pick(BAD_UNICODE)],
      ['exotic date', () => rng.pick(EXOTIC_DATES)],
      ['SQL/LIKE metacharacters', () => rng.pick(SQL_META)],
      ['prototype object', () => withKey({}, rng.pick(PROTOTYPE_KEYS), { polluted: true })],
    ];
    if (dateLike)
      choices.push(
        ['exotic date', () => rng.pick(EXOTIC_DATES)],
        ['exotic date', () => rng.pick(EXOTIC_DATES)],
      );
    if (name === 'email' || name === 'password')
      choices.push(['invalid Unicode', () => `a${rng.pick(BAD_UNICODE)}@example.org`]);
    if (name.endsWith('Id') || name.endsWith('Ids') || name === 'version')
      choices.push(['bad id', () => rng.pick(BAD_IDS(rng, this.world))]);
    const [label, make] = rng.pick(choices);
    return [label, make()];
  }

  private mutateJsonField(d: Draft): void {
    const body = (d.body as { json: unknown }).json;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return this.mutateWholeBody(d);
    // A field of the body or of a nested object (intake's member), present or only documented.
    const objects: [string, Record<string, unknown>, Schema][] = [
      ['', body as Record<string, unknown>, d.op.body!.schema],
    ];
    for (const [k, v] of Object.entries(body)) {
      const prop = d.op.body!.schema.properties?.[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && prop)
        objects.push([`${k}.`, v as Record<string, unknown>, resolve(this.doc, prop)]);
    }
    const [prefix, target, schema] = this.rng.pick(objects);
    if (this.rng.chance(0.15)) {
      const key = this.rng.pick([...PROTOTYPE_KEYS, 'unknownField', 'isAdmin', '', 'a.b', '$where']);
      withKey(target, key, this.rng.chance(0.5) ? { polluted: true } : 'x');
      d.mutations.push(`unknown key ${JSON.stringify(prefix + key)}`);
      return;
    }
    const names = [...new Set([...Object.keys(target), ...Object.keys(schema.properties ?? {})])];
    if (!names.length) return this.mutateWholeBody(d);
    const name = this.rng.pick(names);
    const [label, value] = this.hostile(name, target[name]);
    if (Array.isArray(target[name]) && this.rng.chance(0.4)) {
      target[name] = [value];
      d.mutations.push(`${label} in ${prefix}${name}[0]`);
    } else {
      target[name] = value;
      d.mutations.push(`${label} for ${prefix}${name}`);
    }
  }

  private mutateWholeBody(d: Draft): void {
    const rng = this.rng;
    const raw = (label: string, text: string | Buffer, type = 'application/json') => {
      d.body = { raw: Buffer.isBuffer(text) ? text : Buffer.from(text), type };
      d.mutations.push(label);
    };
    const json = d.body && 'json' in d.body ? JSON.stringify(d.body.json) : '{}';
    const depth = rng.pick([40, 500, 5000]);
    const pick = rng.int(11);
    switch (pick) {
      case 0:
        d.body = undefined;
        return void d.mutations.push('no body');
      case 1:
        return raw('body null', 'null');
      case 2:
        return raw('body is an array', rng.pick(['[]', `[${json}]`, '"text"', '123', 'true']));
      case 3:
        return raw('malformed JSON', rng.pick(['{"a":', '{a:1}', "{'a':1}", json.slice(0, -1), '\u0000']));
      case 4:
        return raw(
          'invalid UTF-8 bytes',
          Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
        );
      case 5:
        return raw(
          'deeply nested body',
          rng.chance(0.5)
            ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
            : `${'['.repeat(depth)}${']'.repeat(depth)}`,
        );
      case 6:
        return raw('body over the size limit', `{"summary":"${'x'.repeat(1_100_000)}"}`);
      case 7:
        return raw(
          'form-encoded body',
          rng.pick(['version=x&a[b][c]=1', '__proto__[polluted]=1', 'a=%ZZ']),
          'application/x-www-form-urlencoded',
        );
      case 8:
        return raw('text/plain body', json, 'text/plain');
      case 9:
        return raw('duplicate keys', json.replace(/^\{/, '{"version":"x","title":null,'));
      default:
        return raw(
          'JSON with an odd charset',
          json,
          rng.pick([
            'application/json; charset=utf-7',
            'application/json; charset=latin1',
            'application/merge-patch+json',
          ]),
        );
    }
  }

  private mutateMultipart(d: Draft): void {
    const rng = this.rng;
    const body = d.body as { form: [string, string][]; files: FilePart[] };
    const file = body.files[0];
    const field = (name: string, value: string, label: string) => {
      body.form = body.form.filter(([k]) => k !== name).concat([[name, value]]);
      d.mutations.push(label);
    };
    switch (rng.int(9)) {
      case 0:
        body.files = [];
        return void d.mutations.push('no file');
      case 1:
        body.files = [
          ...body.files,
          { ...file, filename: 'second.txt', content: Buffer.from(`second ${this.world.next()}`) },
        ];
        return void d.mutations.push('two files');
      case 2:
        return field(
          rng.pick(['description', 'source']),
          'x'.repeat(rng.pick([2001, 300_000])),
          'huge field',
        );
      case 3:
        return field('obtainedAt', rng.pick(EXOTIC_DATES), 'exotic date for obtainedAt');
      case 4:
        return field(
          rng.pick(['description', 'source']),
          rng.pick(BAD_UNICODE),
          'invalid Unicode in a field',
        );
      case 5:
        return field(rng.pick([...PROTOTYPE_KEYS, 'unknownField', 'file[]']), 'x', 'unknown field');
      case 6:
        if (file)
          file.filename = rng.pick([
            '../../etc/passwd',
            '\u0000.txt',
            'a\ud800.txt',
            '"; x=".txt',
            'x'.repeat(5000),
            '',
          ]);
        return void d.mutations.push('hostile filename');
      case 7:
        if (file)
          file.content = rng.pick([
            Buffer.alloc(0),
            Buffer.from('<html><script>x</script></html>'),
            Buffer.from([0xff, 0xd8, 0xff, 0x00]),
          ]);
        return void d.mutations.push('empty or refused content');
      default: {
        const { body: bytes } = this.encodeMultipart(body);
        const cut = rng.pick([
          ['multipart without a boundary', bytes, 'multipart/form-data'],
          [
            'truncated multipart',
            bytes.subarray(0, Math.max(0, bytes.length - 1 - rng.int(60))),
            'multipart/form-data; boundary=fuzzboundary7MA4YWxkTrZu0gW',
          ],
          ['multipart with another boundary', bytes, 'multipart/form-data; boundary=other'],
          ['JSON instead of multipart', Buffer.from('{"description":"x"}'), 'application/json'],
        ] as const);
        d.body = { raw: cut[1], type: cut[2] };
        d.mutations.push(cut[0]);
      }
    }
  }

  private mutateParam(d: Draft): void {
    const p = this.rng.pick(d.op.pathParams);
    d.params[p.name] = this.rng.pick([...BAD_IDS(this.rng, this.world), this.world.anyId()]);
    d.mutations.push(`path ${p.name}=${JSON.stringify(d.params[p.name].slice(0, 60))}`);
  }

  private mutateQuery(d: Draft): void {
    const rng = this.rng;
    const names = [...d.op.queryParams.map((p) => p.name), 'unknownParam', '__proto__'];
    const name = rng.pick(names);
    const set = (value: string, label: string) => {
      d.query = d.query.filter(([k]) => k !== name).concat([[name, value]]);
      d.mutations.push(`${label} in query ${name}`);
    };
    switch (rng.int(9)) {
      case 0:
        return set(rng.pick(SQL_META), 'SQL/LIKE metacharacters');
      case 1:
        return set(rng.pick(EXOTIC_DATES), 'exotic date');
      case 2:
        return set(rng.pick(BAD_UNICODE), 'invalid Unicode');
      case 3:
        return set(
          rng.pick(['abc', '-1', '0', '1.5', '1e309', 'NaN', 'Infinity', '99999999999999999999', 'true', '']),
          'wrong type',
        );
      case 4:
        return set('x'.repeat(rng.pick([201, 5000, 60_000])), 'huge value');
      case 5:
        d.query.push([name, rng.pick(SQL_META)], [name, 'x']);
        return void d.mutations.push(`repeated query ${name}`);
      case 6:
        d.rawQuery.push(
          rng.pick([
            `${name}[a]=1`,
            `${name}[__proto__][x]=1`,
            `${name}[0][0][0][0][0][0][0]=1`,
            `${name}[999]=1`,
            `${name}[]=`,
          ]),
        );
        return void d.mutations.push(`object in query ${name}`);
      case 7:
        d.rawQuery.push(
          rng.pick([`${name}=%`, `${name}=%ZZ`, `${name}=%00`, `${name}=%FF%FE`, `${name}=%ED%A0%80`]),
        );
        return void d.mutations.push(`malformed encoding in query ${name}`);
      default:
        d.query = d.query.filter(([k]) => k !== name);
        return void d.mutations.push(`no query ${name}`);
    }
  }

  private mutateHeaders(d: Draft): void {
    const rng = this.rng;
    if (d.op.path.endsWith('/content') && rng.chance(0.6)) {
      d.headers.range = rng.pick([
        'bytes=5-2',
        'bytes=-0',
        'bytes=999999-',
        'bytes=0-0,1-1',
        'bytes=x',
        'bytes=0-',
        'bytes=-5',
        'items=0-1',
      ]);
      return void d.mutations.push(`Range: ${d.headers.range}`);
    }
    d.headers.authorization = rng.pick([
      'Bearer x',
      'Bearer a.b.c',
      'Basic Zm9vOmJhcg==',
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      `Bearer ${'x'.repeat(9000)}`,
      'Bearer \u00ff',
    ]);
    d.mutations.push(`Authorization: ${d.headers.authorization.slice(0, 40)}`);
  }

  // ---- sending and checking -------------------------------------------------------------------

  private encodeMultipart(body: { form: [string, string][]; files: FilePart[] }) {
    return multipartBody(body.form, body.files);
  }

  private encode(d: Draft): FuzzRequest {
    let path = d.op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(d.params[name] ?? ''));
    const pieces = [...d.query.map(([k, v]) => `${encode(k)}=${encode(v)}`), ...d.rawQuery];
    if (pieces.length) path += `?${pieces.join('&')}`;
    const headers: Record<string, string> = {};
    if (d.caller !== 'anonymous') headers.authorization = `Bearer ${this.options.tokens[d.caller]}`;
    let body: Buffer | undefined;
    if (d.body && 'json' in d.body) {
      body = Buffer.from(JSON.stringify(d.body.json) ?? 'null');
      headers['content-type'] = 'application/json';
    } else if (d.body && 'raw' in d.body) {
      body = d.body.raw;
      headers['content-type'] = d.body.type;
    } else if (d.body) {
      const encoded = this.encodeMultipart(d.body);
      body = encoded.body;
      headers['content-type'] = encoded.contentType;
    }
    return { method: d.op.method, path, headers: { ...headers, ...d.headers }, body };
  }

  private async exchange(d: Draft): Promise<FuzzResponse> {
    const req = this.encode(d);
    const res = await send(this.options.url, this.agent, req);
    const r = this.report;
    r.requests++;
    const coverage = (r.coverage[d.op.key] ??= {});
    coverage[d.caller] = (coverage[d.caller] ?? 0) + 1;
    const statuses = (r.statuses[d.op.key] ??= {});
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const problems = problemsIn(res);
    if (problems.length) this.fail(d, req, res, problems);
    else if (res.status < 300) this.learn(d, res);
    return res;
  }

  private learn(d: Draft, res: FuzzResponse): void {
    if (!/application\/json/.test(String(res.headers['content-type'])) || res.status === 204) return;
    const body: unknown = JSON.parse(res.body.toString('utf8'));
    if (d.op.key === 'POST /api/me/calendar-token' && d.caller === 'caseworker') {
      this.world.calendarToken = tokenOf(body) || this.world.calendarToken;
    }
    const caseId = d.op.path.startsWith('/api/cases/{id}') ? d.params.id : undefined;
    const kind =
      d.op.path.startsWith('/api/me') || d.op.path === '/api/audit/verify'
        ? undefined
        : answerKind(d.op.path);
    this.world.learn(kind, body, caseId);
  }

  private fail(d: Draft, req: FuzzRequest, res: FuzzResponse, problems: string[]): void {
    this.report.failureCount++;
    if (this.report.failures.length >= KEPT_FAILURES) return;
    const preview = (b: Buffer | undefined) => {
      const text = b ? b.toString('utf8') : '';
      return text.length > 1500 ? `${text.slice(0, 1500)}… (${b!.length} bytes)` : text;
    };
    const headers = { ...req.headers };
    if (
      headers.authorization?.startsWith('Bearer ey') &&
      d.caller !== 'anonymous' &&
      !d.headers.authorization
    ) {
      headers.authorization = `Bearer <${d.caller} token>`;
    }
    const failure: Failure = {
      problems,
      operation: d.op.key,
      caller: d.caller,
      mutations: d.mutations,
      request: `${req.method} ${req.path.length > 500 ? `${req.path.slice(0, 500)}…` : req.path}\n${JSON.stringify(headers)}\n${preview(req.body)}`,
      response: `${res.status} ${JSON.stringify({ 'content-type': res.headers['content-type'], 'content-length': res.headers['content-length'], 'transfer-encoding': res.headers['transfer-encoding'] })}\n${preview(res.body)}`,
    };
    const requestId = res.headers['x-request-id'];
    if (typeof requestId === 'string') failure.requestId = requestId;
    this.report.failures.push(failure);
    this.log(`fuzz: failure ${this.report.failureCount}: ${d.op.key} as ${d.caller}: ${problems.join('; ')}`);
  }

  private async checkAuditChain(): Promise<void> {
    const d: Draft = {
      op: {
        key: 'GET /api/audit/verify',
        method: 'GET',
        path: '/api/audit/verify',
        pathParams: [],
        queryParams: [],
        roles: ['admin'],
      },
      caller: 'admin',
      params: {},
      query: [],
      rawQuery: [],
      headers: {},
      mutations: ['after the run'],
    };
    const req = this.encode(d);
    const res = await send(this.options.url, this.agent, req);
    const body = res.status === 200 ? (JSON.parse(res.body.toString('utf8')) as { ok?: boolean }) : undefined;
    if (body?.ok !== true) this.fail(d, req, res, ['the audit chain is not whole after the run']);
  }
}

export function describeFailure(seed: number, f: Failure): string {
  return [
    `FUZZ FAILURE (seed ${seed}): ${f.operation} as ${f.caller}`,
    `  problems: ${f.problems.join('; ')}`,
    `  mutations: ${f.mutations.join(', ') || 'none (a valid request)'}`,
    `  request: ${f.request.replace(/\n/g, '\n    ')}`,
    `  response: ${f.response.replace(/\n/g, '\n    ')}`,
    ...(f.serverLog?.length ? [`  server log: ${f.serverLog.join('\n    ')}`] : []),
  ].join('\n');
}

export function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  return new Fuzzer(options).run();
}

/** Fuzzes a test app (see helpers/test-app): its per-role users and tokens. */
export function fuzzApp(
  t: TestApp,
  options: Omit<FuzzOptions, 'url' | 'tokens' | 'users'>,
): Promise<FuzzReport> {
  const roles: Role[] = ['admin', 'caseworker', 'coordinator', 'researcher'];
  return fuzz({
    ...options,
    url: t.url,
    tokens: Object.fromEntries(roles.map((r) => [r, t.as[r].token])) as Record<Role, string>,
    users: Object.fromEntries(roles.map((r) => [r, t.users[r].id])) as Record<Role, string>,
    serverLog: (requestId) =>
      t.server.output.filter((line) => line.includes(requestId) && /"level":(?:[5-9]\d)/.test(line)),
  });
}
