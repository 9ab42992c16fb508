import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { intake } from './factories/case-payloads';
import { newAppeal, newReminder } from './factories/records';
import { createTestApp, TestApp } from './helpers/test-app';

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
}
interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** The fields where null means "clear this value" (docs/api.md); nowhere else may null be sent. */
const NULLABLE = [
  'PATCH /api/appeals/{id} grounds',
  'PATCH /api/appeals/{id} hearingAt',
  'PATCH /api/cases/{id} assigneeId',
  'PATCH /api/cases/{id} coordinatorId',
  'PATCH /api/members/{id} constituencyParty',
  'PATCH /api/members/{id} email',
  'PATCH /api/members/{id} membershipNumber',
  'PATCH /api/members/{id} phone',
  'PATCH /api/members/{id} region',
];

/**
 * The OpenAPI document against the server's behaviour on the request side: every documented
 * field has its real type, null is documented exactly where the server takes it, a value of the
 * documented type is accepted and null where it is not documented is refused naming the field.
 */
describe('OpenAPI document: requests tell the truth', () => {
  let t: TestApp;
  let doc: Document;
  const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);

  /** Every JSON or multipart body property of every operation, with its schema, nested ones by path. */
  function bodyFields(): { op: string; field: string; schema: Schema; json: boolean }[] {
    const out: { op: string; field: string; schema: Schema; json: boolean }[] = [];
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(byMethod)) {
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
          const walk = (schema: Schema, prefix: string) => {
            for (const [name, raw] of Object.entries(resolve(schema).properties ?? {})) {
              const field = `${prefix}${name}`;
              out.push({
                op: `${method.toUpperCase()} ${path}`,
                field,
                schema: raw,
                json: type === 'application/json',
              });
              if (raw.$ref) walk(raw, `${field}.`);
            }
          };
          walk(media.schema, '');
        }
      }
    }
    return out;
  }

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.url).get('/docs-json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  it('gives every request field its real type: no bare `object`, and a type wherever null is allowed', () => {
    const fields = bodyFields();
    expect(fields.length).toBeGreaterThan(50);
    const untyped = fields
      .filter(({ schema }) => !schema.$ref && !schema.allOf && (!schema.type || schema.type === 'object'))
      .filter(
        ({ schema }) => !(schema.type === 'object' && (schema.properties || schema.additionalProperties)),
      )
      .map(({ op, field, schema }) => `${op} ${field}: ${JSON.stringify(schema)}`);
    expect(untyped).toEqual([]);
    const query = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).flatMap(([method, op]) =>
        (op.parameters ?? [])
          .filter((p) => p.in === 'query' && (!p.schema?.type || p.schema.type === 'object'))
          .map((p) => `${method.toUpperCase()} ${path} ?${p.name}`),
      ),
    );
    expect(query).toEqual([]);
  });

  it('documents nullable: true exactly on the fields that null clears', () => {
    const nullable = bodyFields()
      .filter(({ schema }) => schema.nullable)
      .map(({ op, field }) => `${op} ${field}`)
      .sort();
    expect(nullable).toEqual(NULLABLE);
  });

  it('refuses null, naming the field, for every JSON body field not documented nullable', async () => {
    const wrong: string[] = [];
    for (const { op, field, schema, json } of bodyFields()) {
      if (!json || schema.nullable || field.includes('.')) continue;
      const [method, template] = op.split(' ');
      const path = template.replace(/\{[^}]+\}/g, () => randomUUID());
      const agent = t.as.admin[method.toLowerCase() as 'post' | 'patch' | 'delete'];
      const res = await agent(path).send({ [field]: null });
      const messages = ([] as string[]).concat(res.body.message ?? []);
      if (res.status !== 400 || !messages.includes(`${field} must not be null`)) {
        wrong.push(`${op} ${field}: ${res.status} ${JSON.stringify(res.body.message)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  /** A value's type as OpenAPI names it. */
  const typeOf = (value: unknown) =>
    Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  const matches = (schema: Schema, value: unknown) => {
    const s = resolve(schema);
    const type = typeOf(value);
    if (s.type !== type && !(s.type === 'number' && type === 'integer')) return false;
    if (s.enum && !s.enum.includes(value)) return false;
    if (s.type === 'array' && s.items) return (value as unknown[]).every((v) => matches(s.items!, v));
    return true;
  };

  /**
   * For one operation on a real record: each sample field sent with a value of its documented type
   * is accepted, and null is accepted exactly where documented (and refused elsewhere).
   */
  async function checkOperation(
    op: string,
    path: string,
    samples: Record<string, unknown>,
    base: () => Promise<Record<string, unknown>>,
  ) {
    const fields = Object.fromEntries(
      bodyFields()
        .filter((f) => f.op === op)
        .map((f) => [f.field, f.schema]),
    );
    const [method] = op.split(' ');
    const send = async (body: Record<string, unknown>) =>
      t.as.admin[method.toLowerCase() as 'post' | 'patch'](path).send({ ...(await base()), ...body });
    for (const [field, value] of Object.entries(samples)) {
      const schema = fields[field];
      expect({ op, field, documented: Boolean(schema) }).toEqual({ op, field, documented: true });
      expect({ op, field, value, typeMatches: matches(schema, value) }).toMatchObject({ typeMatches: true });
      const ok = await send({ [field]: value });
      expect({ op, field, accepted: [200, 201].includes(ok.status), body: ok.body }).toMatchObject({
        accepted: true,
      });
      const empty = await send({ [field]: null });
      if (schema.nullable) {
        expect({ op, field, status: empty.status, body: empty.body }).toMatchObject({ status: 200 });
      } else {
        expect({ op, field, status: empty.status, message: empty.body.message }).toEqual({
          op,
          field,
          status: 400,
          message: [`${field} must not be null`],
        });
      }
    }
  }

  it('PATCH /api/cases/{id}: every field of its documented type is accepted, null only where nullable', async () => {
    const c = await intake(t.as.caseworker);
    await checkOperation(
      'PATCH /api/cases/{id}',
      `/api/cases/${c.id}`,
      {
        priority: 'high',
        issuingBody: 'National Executive Committee',
        externalReference: 'NEC/2019/7',
        allegations: ['posts'],
        summary: 'Edited',
        tags: ['campaign'],
        actionType: 'expulsion',
        actionDate: '2019-03-02',
        notifiedAt: '2019-03-05',
        assigneeId: t.users.caseworker.id,
        coordinatorId: t.users.coordinator.id,
      },
      async () => ({ version: (await t.as.caseworker.get(`/api/cases/${c.id}`)).body.version }),
    );
  });

  it('PATCH /api/members/{id}', async () => {
    const c = await intake(t.as.caseworker);
    await checkOperation(
      'PATCH /api/members/{id}',
      `/api/members/${c.memberId}`,
      {
        fullName: 'Renamed Member',
        membershipNumber: `R${Date.now()}`,
        email: 'renamed@example.org',
        phone: '+44 7700 900999',
        constituencyParty: 'Southtown CLP',
        region: 'Wales',
        consentToContact: true,
        consentToResearch: true,
      },
      async () => ({ version: (await t.as.caseworker.get(`/api/members/${c.memberId}`)).body.version }),
    );
  });

  it('PATCH /api/appeals/{id}', async () => {
    const c = await intake(t.as.caseworker);
    const appeal = await newAppeal(t.as.caseworker, c.id);
    await checkOperation(
      'PATCH /api/appeals/{id}',
      `/api/appeals/${appeal.id}`,
      { lodgedAt: '2019-03-21', body: 'NCC', grounds: 'Due process', hearingAt: '2019-05-14T10:00:00Z' },
      async () => {
        const list = await t.as.caseworker.get(`/api/cases/${c.id}/appeals`).expect(200);
        return { version: (list.body as { id: string; version: number }[])[0].version };
      },
    );
  });

  it('PATCH /api/users/{id}', async () => {
    const user = await t.createUser('caseworker');
    await checkOperation(
      'PATCH /api/users/{id}',
      `/api/users/${user.id}`,
      { fullName: 'Jo Renamed', role: 'coordinator', active: true },
      async () => ({}),
    );
  });

  it('PATCH /api/reminders/{id}', async () => {
    const c = await intake(t.as.caseworker);
    const reminder = await newReminder(t.as.caseworker, c.id);
    await checkOperation(
      'PATCH /api/reminders/{id}',
      `/api/reminders/${reminder.id}`,
      {
        dueAt: new Date(Date.now() + 7200_000).toISOString(),
        message: 'Call the branch',
        channels: ['inapp'],
        recipientIds: [t.users.caseworker.id],
      },
      async () => ({}),
    );
  });

  it('POST /api/events/{id}/corrections', async () => {
    const c = await intake(t.as.caseworker);
    let current = (
      (await t.as.caseworker.get(`/api/cases/${c.id}/timeline`).expect(200)).body as {
        id: string;
        type: string;
      }[]
    ).find((e) => e.type === 'action_taken')!.id;
    const fields = {
      title: 'Corrected',
      description: 'More detail',
      source: 'Minutes',
      occurredAt: '2019-03-01',
    };
    for (const [field, value] of Object.entries(fields)) {
      const ok = await t.as.admin
        .post(`/api/events/${current}/corrections`)
        .send({ reason: 'fix', [field]: value });
      expect({ field, status: ok.status, body: ok.body }).toMatchObject({ status: 201 });
      current = ok.body.id;
      const empty = await t.as.admin
        .post(`/api/events/${current}/corrections`)
        .send({ reason: 'fix', [field]: null });
      expect({ field, status: empty.status, message: empty.body.message }).toEqual({
        field,
        status: 400,
        message: [`${field} must not be null`],
      });
    }
  });
});
