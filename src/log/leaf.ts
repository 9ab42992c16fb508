import { randomFillSync } from 'node:crypto';
import { sha256Base64 } from './sha256';

/**
 * What a leaf of the log commits to, version 1 (docs/verifiable-record.md, "The leaf").
 *
 * A record (an audit entry, a timeline event, a custody entry) is a set of named fields. Each
 * field gets its own random salt, kept beside the record and never in the leaf, and the leaf
 * carries only the field's digest:
 *
 *   digest = SHA-256(salt ‖ UTF-8(JCS([name, value])))
 *   leaf   = UTF-8(JCS({"fields": {name: base64(digest), …}, "kind": kind, "v": 1}))
 *
 * where JCS is the JSON Canonicalization Scheme of RFC 8785. So a field can be shown to someone
 * (its salt and value) without showing the others, and its value can be erased later while its
 * digest, and so the tree, stays as it was. Without the salt, a digest does not reveal a value
 * that could be guessed (a status, a date).
 */

export const LEAF_VERSION = 1;
export const SALT_BYTES = 32;

export const LEAF_KINDS = ['audit', 'timeline', 'custody'] as const;
export type LeafKind = (typeof LEAF_KINDS)[number];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// String#isWellFormed (Node 20) is far faster than the expression on long text; the expression is the fallback.
const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

function canonicalString(s: string): string {
  // RFC 8785 3.2.2.2: strings are serialised as ECMAScript's JSON.stringify does; lone surrogates are not text.
  if (!wellFormed(s)) throw new CanonicalJsonError('a string is not well-formed Unicode');
  return JSON.stringify(s);
}

/** RFC 8785 JSON Canonicalization Scheme: one text for one value, so equal values hash alike. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    // RFC 8785 3.2.2.3: ECMAScript's number serialisation; NaN and the infinities are not JSON.
    if (!Number.isFinite(value)) throw new CanonicalJsonError('a number is not finite');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return canonicalString(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // RFC 8785 3.2.3: members sorted by their names' UTF-16 code units, which is what < compares.
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${canonicalString(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  throw new CanonicalJsonError(`a ${typeof value} is not a JSON value`);
}

export type LeafFields = Record<string, JsonValue>;
/** A record's salts by field name, base64. */
export type LeafSalts = Record<string, string>;
/** A record's field digests by field name, base64. */
export type LeafDigests = Record<string, string>;

// Salts are taken from a pool of random bytes filled 16 KiB at a time (one call to the system's
// random source for some forty records, not one a record); each byte is handed out once.
const pool = Buffer.alloc(16 * 1024);
let pooled = 0;

function randomSalt(): string {
  if (pooled < SALT_BYTES) {
    randomFillSync(pool);
    pooled = pool.length;
  }
  pooled -= SALT_BYTES;
  return pool.toString('base64', pooled, pooled + SALT_BYTES);
}

export function newSalts(fields: LeafFields): LeafSalts {
  return Object.fromEntries(Object.keys(fields).map((name) => [name, randomSalt()]));
}

export function fieldDigest(salt: string, name: string, value: JsonValue): string {
  const saltBytes = Buffer.from(salt, 'base64');
  if (saltBytes.length < 16) throw new CanonicalJsonError(`the salt of ${name} is shorter than 16 bytes`);
  return sha256Base64(Buffer.concat([saltBytes, Buffer.from(canonicalJson([name, value]), 'utf8')]));
}

export interface EncodedLeaf {
  /** The leaf's data, whose RFC 9162 leaf hash is the tree's leaf. */
  data: Buffer;
  digests: LeafDigests;
}

export function leafDataOf(kind: LeafKind, digests: LeafDigests): Buffer {
  return Buffer.from(canonicalJson({ fields: digests, kind, v: LEAF_VERSION }), 'utf8');
}

/** Encodes a record's fields with their salts; every field needs a salt and every salt a field. */
export function encodeLeaf(kind: LeafKind, fields: LeafFields, salts: LeafSalts): EncodedLeaf {
  const names = Object.keys(fields);
  const saltNames = Object.keys(salts);
  if (names.length !== saltNames.length || names.some((n) => !(n in salts))) {
    throw new CanonicalJsonError(
      `fields [${names.sort().join(', ')}] and salts [${saltNames.sort().join(', ')}] differ`,
    );
  }
  const digests = Object.fromEntries(names.map((n) => [n, fieldDigest(salts[n], n, fields[n])]));
  return { data: leafDataOf(kind, digests), digests };
}

export interface DecodedLeaf {
  v: number;
  kind: LeafKind;
  fields: LeafDigests;
}

export function decodeLeaf(data: Buffer): DecodedLeaf {
  const text = data.toString('utf8');
  const parsed = JSON.parse(text) as DecodedLeaf;
  if (parsed.v !== LEAF_VERSION || !LEAF_KINDS.includes(parsed.kind) || typeof parsed.fields !== 'object') {
    throw new CanonicalJsonError('not a version 1 leaf');
  }
  if (canonicalJson(parsed as unknown as JsonValue) !== text)
    throw new CanonicalJsonError('the leaf is not canonical');
  return parsed;
}

/** Does a disclosed field (its salt and value) match the digest the leaf commits to? */
export function disclosureMatches(leaf: DecodedLeaf, name: string, salt: string, value: JsonValue): boolean {
  const digest = leaf.fields[name];
  return typeof digest === 'string' && fieldDigest(salt, name, value) === digest;
}
