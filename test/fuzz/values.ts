import { Schema } from './openapi';
import { Rng } from './random';
import { World } from './world';

/** What a value is for: its field name, and the case the request is about (for child ids). */
export interface Context {
  world: World;
  caseId?: string;
  /** The record the path names (for `version`). */
  recordId?: string;
  resolve: (schema: Schema) => Schema;
}

const day = 86_400_000;
const past = (rng: Rng) => `2019-0${1 + rng.int(9)}-${String(1 + rng.int(28)).padStart(2, '0')}`;
const future = (rng: Rng) => new Date(Date.now() + (1 + rng.int(300)) * day).toISOString();

/** Field names whose meaning the schema cannot say (which user, which past date, which token). */
function hinted(name: string, schema: Schema, ctx: Context): unknown {
  const { world } = ctx;
  const { rng } = world;
  const n = world.next();
  switch (name) {
    case 'email':
      return `fuzz-${n}@example.org`;
    case 'password':
      return `fuzz-password-${n}-long`;
    case 'fullName':
      return `Fuzz Person ${rng.word()} ${n}`;
    case 'membershipNumber':
      return `FZ${n}`;
    case 'phone':
      return `07700 9${String(n % 100_000).padStart(5, '0')}`;
    case 'region':
      return rng.pick(['North West', 'London', 'Wales']);
    case 'constituencyParty':
      return rng.pick(['Northtown CLP', 'Southtown CLP']);
    case 'issuingBody':
      return rng.pick(['National Executive Committee', 'Governance and Legal Unit']);
    case 'actionDate':
    case 'notifiedAt':
    case 'lodgedAt':
    case 'obtainedAt':
    case 'deadlineBefore':
      return past(rng);
    case 'occurredAt':
      return rng.pick(['2019', '2019-03', past(rng), `${past(rng)}T10:00:00Z`]);
    case 'dueAt':
    case 'hearingAt':
      return future(rng);
    case 'from':
      return schema.format === 'date-time' ? '2019-01-01T00:00:00Z' : rng.pick(['2019-01-01', '2019']);
    case 'to':
      return schema.format === 'date-time' ? '2031-01-01T00:00:00Z' : rng.pick(['2030-12-31', '2031']);
    case 'token':
      return world.calendarToken;
    case 'entityType':
      return rng.pick(['case', 'user', 'member', 'evidence']);
    case 'action':
      return rng.pick(['case.create', 'user.create', 'auth.login.failed']);
    case 'version':
      return world.versionOf(ctx.recordId);
    case 'page':
      return 1 + rng.int(2);
    case 'limit':
      return 1 + rng.int(50);
    case 'caseId':
    case 'entityId':
      return world.pick('case');
    case 'memberId':
      return world.pick('member');
    case 'assigneeId':
      return world.users.caseworker;
    case 'coordinatorId':
      return world.users.coordinator;
    case 'actorId':
      return rng.pick(Object.values(world.users));
    case 'recipientIds':
      return [world.users.caseworker];
    case 'evidenceIds':
      return rng.chance(0.5) ? [world.pick('evidence', ctx.caseId)] : [];
    case 'q':
      return rng.word();
    default:
      return undefined;
  }
}

/** A value the schema (and the field's meaning) admits. */
export function validValue(name: string, raw: Schema, ctx: Context): unknown {
  const schema = ctx.resolve(raw);
  const { rng } = ctx.world;
  if (schema.enum?.length) return schema.type === 'array' ? [rng.pick(schema.enum)] : rng.pick(schema.enum);
  if (schema.type === 'array' && schema.items && ctx.resolve(schema.items).enum) {
    return [rng.pick(ctx.resolve(schema.items).enum!)];
  }
  const hint = hinted(name, schema, ctx);
  if (hint !== undefined) return hint;
  switch (schema.type) {
    case 'boolean':
      return rng.chance(0.5);
    case 'number':
    case 'integer':
      return Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 100, rng.int(100)));
    case 'array': {
      const count = Math.min(schema.maxItems ?? 3, rng.int(3));
      return Array.from({ length: count }, () => validValue(name, schema.items ?? { type: 'string' }, ctx));
    }
    case 'object':
      if (!schema.properties) return `${rng.word()} ${ctx.world.next()}`; // a nullable string documented as object
      return validObject(schema, ctx);
    default: {
      if (schema.format === 'uuid') return ctx.world.pick('case');
      if (schema.format === 'date-time') return future(rng);
      const text = `${rng.word()} ${rng.word()} ${ctx.world.next()}`;
      return text.slice(0, schema.maxLength ?? text.length).padEnd(schema.minLength ?? 0, 'x');
    }
  }
}

/** Every required property and about half the optional ones. */
export function validObject(schema: Schema, ctx: Context): Record<string, unknown> {
  const { rng } = ctx.world;
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  let props = Object.entries(schema.properties ?? {});
  // Intake takes a new member or an existing one, not both.
  if (props.some(([k]) => k === 'member') && props.some(([k]) => k === 'memberId')) {
    const drop = rng.chance(0.5) ? 'member' : 'memberId';
    props = props.filter(([k]) => k !== drop);
    if (drop === 'memberId') required.add('member');
    else required.add('memberId');
  }
  for (const [key, prop] of props) {
    if (required.has(key) || rng.chance(0.5)) out[key] = validValue(key, prop, ctx);
  }
  return out;
}

// ---- hostile values -------------------------------------------------------------------------

/** Strings a date field may meet: impossible, exotic, out of range, ill-formed. */
export const EXOTIC_DATES = [
  '2026-02-30',
  '2019-02-29',
  '2019-13-01',
  '2019-00-10',
  '2019-04-31',
  '2016-W05-1',
  '2019-W01',
  '2019-060',
  '+275760-09-13',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-19T23:59:59.999Z',
  '+002019-03-01',
  '0000-01-01',
  '0000-00-00',
  '-000001-01-01',
  '9999-12-31T23:59:59.999Z',
  '2019-03-01T24:00:00Z',
  '2019-03-01T25:61:61Z',
  '2019-03-01T10:00:00+99:00',
  '2019-03-01T10:00:00.123456789Z',
  '2019-03-01 10:00',
  '20190301',
  '2019-3-1',
  '1970-01-01T00:00:00Z',
  'T10:00',
  'now',
  'Invalid Date',
  '',
  ' ',
  '1e10',
  '2019-03-01\u0000',
];

/** Strings that break careless Unicode handling: lone surrogates, NUL, reversals, non-characters. */
export const BAD_UNICODE = [
  '\ud800',
  'a\udfffb',
  'x\ud800@example.org',
  '\u0000',
  'a\u0000b',
  '\ufffe',
  '\u202etxt.exe',
  '\u{10ffff}',
  'e\u0301',
  '😀'.repeat(3),
];

/** SQL and LIKE metacharacters for query strings and free text. */
export const SQL_META = [
  '%',
  '_',
  "'",
  '\\',
  ';--',
  "' OR '1'='1",
  "%' --",
  '\\%',
  '%_%',
  '"',
  '`',
  '$1',
  '?',
  '[a-z]%',
];

export const BAD_IDS = (rng: Rng, world: World): string[] => [
  '1',
  'abc',
  'null',
  "' OR 1=1--",
  '%',
  '..',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  rng.uuid(),
  rng.uuid().toUpperCase(),
  `{${rng.uuid()}}`,
  `${rng.uuid()}x`,
  'f'.repeat(2000),
  world.anyId(),
];

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** A value of another JSON type than `value`. */
export function wrongType(value: unknown, rng: Rng): unknown {
  const choices: unknown[] = [12345, -1, 1.5, 1e308, true, false, 'text', [], ['a'], {}, { a: 1 }];
  const others = choices.filter(
    (c) => typeof c !== typeof value || Array.isArray(c) !== Array.isArray(value),
  );
  return rng.pick(others);
}

export function huge(value: unknown, rng: Rng): unknown {
  if (Array.isArray(value) || rng.chance(0.3)) {
    return Array.from({ length: rng.pick([51, 1000, 20_000]) }, (_, i) =>
      typeof value === 'number' ? i : `x${i}`,
    );
  }
  if (typeof value === 'number')
    return rng.pick([Number.MAX_SAFE_INTEGER + 2, -Number.MAX_VALUE, 2 ** 31, -0, 1e-320]);
  return 'x'.repeat(rng.pick([201, 2_001, 20_001, 300_000]));
}

/** {"a":{"a":...}} or [[...]] this deep. */
export function deep(depth: number, rng: Rng): unknown {
  const array = rng.chance(0.3);
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
  return v;
}

/** An object whose own enumerable key is `key` — even `__proto__`, which a literal would not create. */
export function withKey(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}
