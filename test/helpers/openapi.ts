import Ajv from 'ajv';

/** The parts of the OpenAPI 3.0 document these tests read. */
export type Schema = Record<string, unknown>;
export interface Operation {
  summary?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
  'x-roles'?: string[];
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export function operations(doc: OpenApiDocument): { key: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
}

const REF_PREFIX = '#/components/schemas/';
const DOC_ID = 'caseline-openapi.json';
const COMPOSITIONS = ['allOf', 'oneOf', 'anyOf'] as const;

/**
 * An OpenAPI 3.0 schema as a strict JSON Schema (draft 7): `nullable: true` becomes "or null",
 * and an object that lists its properties allows no others unless it says so — so that a body
 * with an undocumented field, a missing required one, a wrong type or an undeclared null fails.
 */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const node = schema as Schema;
  if (typeof node.$ref === 'string')
    return { $ref: `${DOC_ID}#/definitions/${node.$ref.slice(REF_PREFIX.length)}` };
  const { nullable, ...rest } = node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, strictSchema(v)]),
      );
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = typeof value === 'object' ? strictSchema(value) : value;
    } else if ((COMPOSITIONS as readonly string[]).includes(key)) {
      out[key] = strictSchema(value);
    } else if (key !== 'example' && key !== 'examples') {
      out[key] = value;
    }
  }
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return nullable ? { anyOf: [{ type: 'null' }, out] } : out;
}

/**
 * Every schema reachable from `schema` (references followed once each), with where it is, for
 * checks of the document's own quality.
 */
export function walkSchemas(
  doc: OpenApiDocument,
  schema: Schema,
  at: string,
  visit: (node: Schema, at: string) => void,
  seen = new Set<string>(),
): void {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.slice(REF_PREFIX.length);
    if (seen.has(name)) return;
    seen.add(name);
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`${at}: dangling reference ${schema.$ref}`);
    walkSchemas(doc, target, name, visit, seen);
    return;
  }
  visit(schema, at);
  for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    walkSchemas(doc, v, `${at}.${k}`, visit, seen);
  }
  if (schema.items) walkSchemas(doc, schema.items as Schema, `${at}[]`, visit, seen);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    walkSchemas(doc, schema.additionalProperties as Schema, `${at}{}`, visit, seen);
  }
  for (const c of COMPOSITIONS) {
    for (const [i, v] of ((schema[c] ?? []) as Schema[]).entries())
      walkSchemas(doc, v, `${at}<${c}${i}>`, visit, seen);
  }
}

/** What a schema node says a value is; a node that says nothing reads as `unknown` in a client. */
export function saysWhatItIs(node: Schema): boolean {
  return ['type', '$ref', 'enum', ...COMPOSITIONS].some((k) => k in node);
}

export interface ResponseLike {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

/** Validates real responses against the schema the document gives for their route and status. */
export class ResponseValidator {
  private readonly ajv: Ajv.Ajv;
  private readonly compiled = new Map<string, Ajv.ValidateFunction>();
  /** `METHOD path status` of every answer expectDocumented has checked. */
  readonly checked = new Set<string>();

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv = new Ajv({ allErrors: true, format: 'full', unknownFormats: ['binary', 'uri'] });
    // OpenAPI's base64 string (hashes of the verifiable log).
    this.ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    this.ajv.addSchema(
      {
        definitions: Object.fromEntries(
          Object.entries(doc.components.schemas).map(([name, s]) => [name, strictSchema(s)]),
        ),
      },
      DOC_ID,
    );
  }

  /** `METHOD path status` of every JSON success answer the document describes. */
  documentedJsonAnswers(): string[] {
    return operations(this.doc).flatMap(({ key, op }) =>
      Object.entries(op.responses)
        .filter(([status, res]) => /^2/.test(status) && res.content?.['application/json'])
        .map(([status]) => `${key} ${status}`),
    );
  }

  /** The strict validator of one documented response (throws when the document has none). */
  validatorFor(method: string, path: string, status: number): Ajv.ValidateFunction {
    const key = `${method.toUpperCase()} ${path} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const op = this.doc.paths[path]?.[method.toLowerCase()];
      if (!op) throw new Error(`${method} ${path} is not in the document`);
      const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${key}: the document gives no JSON schema for this answer`);
      validate = this.ajv.compile(strictSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** The schema errors of `body` as `method path` answered with `status` (empty: it matches). */
  errors(method: string, path: string, status: number, body: unknown): string[] {
    const validate = this.validatorFor(method, path, status);
    return validate(body) ? [] : this.ajv.errorsText(validate.errors, { separator: '\n' }).split('\n');
  }

  /** Fails unless the response is JSON and matches the documented schema of its route and status. */
  expectDocumented(method: string, path: string, res: ResponseLike): void {
    const what = `${method.toUpperCase()} ${path} → ${res.status}`;
    expect({ what, contentType: res.headers['content-type'] }).toEqual({
      what,
      contentType: expect.stringMatching(/^application\/json/),
    });
    expect({ what, errors: this.errors(method, path, res.status, res.body) }).toEqual({ what, errors: [] });
    this.checked.add(`${method.toUpperCase()} ${path} ${res.status}`);
  }
}
