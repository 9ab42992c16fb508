#!/usr/bin/env node
// Caseline's record verifier: checks what Caseline hands out against a checkpoint and key that
// the checker pinned earlier, with no database, no server and no dependency but Node itself.
// It can be copied out of Caseline and run on its own (Node 20 or later). How it works and the
// formats it reads: docs/verifiable-record.md.
//
//   node verify.mjs --key <key> --consistency <old-checkpoint> <new-checkpoint> <proof.json>
//       the log at the newer checkpoint extends the log at the older one, nothing changed or dropped
//   node verify.mjs --key <key> <export.json | export.ndjson | export.csv [export.proofs.ndjson]>
//                   [--against <newer-checkpoint> <proof.json>]
//       every row of a verifiable export is in the log at the export's checkpoint, and every field
//       it shows is the one the log committed to; with --against, the log at a newer checkpoint
//       still contains the export's
//
// <key> is the log's verifier key (GET /api/log/key), or a file holding it. Exit status: 0 when
// everything verifies, 1 when something does not, 2 when the command or a file cannot be read.

import * as nodeCrypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

// ---------------------------------------------------------------- RFC 9162 section 2.1 tree

const HASH_SIZE = 32;
const { createPublicKey, verify: verifySignature } = nodeCrypto;
// One-shot hashing (Node 20.12 and later) is about twice as fast as a Hash object per value.
const digestOf =
  typeof nodeCrypto.hash === 'function'
    ? (bytes) => nodeCrypto.hash('sha256', bytes, 'buffer')
    : (bytes) => nodeCrypto.createHash('sha256').update(bytes).digest();
const sha256 = (...parts) => digestOf(parts.length === 1 ? parts[0] : Buffer.concat(parts));
const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);
export const hashLeaf = (data) => sha256(LEAF_PREFIX, data);
const hashChildren = (l, r) => sha256(NODE_PREFIX, l, r);
const isCount = (n) => Number.isSafeInteger(n) && n >= 0;
const isHash = (h) => Buffer.isBuffer(h) && h.length === HASH_SIZE;
const half = (n) => Math.floor(n / 2);
const lsb = (n) => n % 2 === 1;
const isPowerOfTwo = (n) => {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
};

/** RFC 9162 2.1.3.2. */
export function verifyInclusion(index, size, leafHash, proof, root) {
  if (!isCount(index) || !isCount(size) || index >= size) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2. */
export function verifyConsistency(from, to, fromRoot, toRoot, proof) {
  if (!isCount(from) || !isCount(to) || from > to) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  if (from === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

// ---------------------------------------------------------------- C2SP signed-note, tlog-checkpoint

class Refused extends Error {}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function strictBase64(text, what) {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new Refused(`${what} is not base64`);
  return bytes;
}

/** A verifier key: <name>+<key id>+<base64(0x01 ‖ Ed25519 public key)>. */
export function parseVerifierKey(text) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  if (!m) throw new Refused('the key is not a signed-note verifier key (<name>+<id>+<key>)');
  const raw = strictBase64(m[3], 'the key');
  if (raw.length !== 33 || raw[0] !== 0x01) throw new Refused('the key is not an Ed25519 key');
  const keyId = sha256(Buffer.from(m[1]), Buffer.from([0x0a, 0x01]), raw.subarray(1)).subarray(0, 4);
  if (keyId.toString('hex') !== m[2]) throw new Refused('the key id does not match the key');
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, raw.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  return { name: m[1], keyId, publicKey };
}

/** Opens a signed note with one pinned key; the text only if that key's signature verifies. */
export function openNote(note, key) {
  if (!note.endsWith('\n') || [...note].some((c) => c < ' ' && c !== '\n'))
    throw new Refused('malformed note');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Refused('malformed note: no signatures');
  const text = note.slice(0, split + 1);
  let verified = false;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const m = /^— ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!m) throw new Refused('malformed note: bad signature line');
    const raw = strictBase64(m[2], 'a signature');
    if (raw.length < 5) throw new Refused('malformed note: short signature');
    if (m[1] !== key.name || !raw.subarray(0, 4).equals(key.keyId)) continue; // another key's: ignored
    if (!verifySignature(null, Buffer.from(text, 'utf8'), key.publicKey, raw.subarray(4))) {
      throw new Refused(`the signature of ${key.name} does not verify`);
    }
    verified = true;
  }
  if (!verified) throw new Refused(`the note is not signed by the pinned key ${key.name}`);
  return text;
}

/** A checkpoint signed by the pinned key, whose origin is the key's name. */
export function openCheckpoint(note, key) {
  const lines = openNote(note, key).split('\n');
  const [origin, sizeText, rootText] = lines;
  if (lines.length < 4 || origin !== key.name) throw new Refused(`not a checkpoint of ${key.name}`);
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !isCount(Number(sizeText))) throw new Refused('bad tree size');
  const root = strictBase64(rootText, 'the root hash');
  if (root.length !== HASH_SIZE) throw new Refused('bad root hash');
  return { origin, size: Number(sizeText), root };
}

// ---------------------------------------------------------------- leaves (version 1)

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** RFC 8785 JSON Canonicalization Scheme. */
export function canonicalJson(value) {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Refused('a number is not finite');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new Refused('a string is not well-formed Unicode');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${canonicalJson(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  throw new Refused(`a ${typeof value} is not a JSON value`);
}

// String#isWellFormed (Node 20) is much faster than the expression; the expression is the fallback.
const wellFormed =
  typeof ''.isWellFormed === 'function' ? (v) => v.isWellFormed() : (v) => !LONE_SURROGATE.test(v);
const isPlainString = (v) => typeof v === 'string' && wellFormed(v);

export function fieldDigest(salt, name, value) {
  // Any base64 text decodes to some bytes: a salt that is not the one logged just gives another digest.
  const saltBytes = Buffer.from(String(salt), 'base64');
  if (saltBytes.length < 16) throw new Refused(`the salt of ${name} is too short`);
  // JCS of [name, value]: for text (most fields) it is what JSON.stringify writes.
  const text =
    isPlainString(name) && (value === null || isPlainString(value))
      ? `[${JSON.stringify(name)},${JSON.stringify(value)}]`
      : canonicalJson([name, value]);
  const bytes = Buffer.allocUnsafe(saltBytes.length + Buffer.byteLength(text, 'utf8'));
  saltBytes.copy(bytes);
  bytes.write(text, saltBytes.length, 'utf8');
  return digestOf(bytes).toString('base64');
}

/** The leaf data (version 1) of a row: digests of the fields it shows, given digests of those it withholds. */
export function leafData(kind, disclosed, withheld) {
  const fields = Object.assign(Object.create(null), withheld);
  for (const name of Object.keys(disclosed)) {
    if (name in fields) throw new Refused(`field ${name} is both shown and withheld`);
    const { salt, value } = disclosed[name];
    fields[name] = fieldDigest(salt, name, value);
  }
  // JCS of {fields, kind, v}, written directly when every name and digest is plain text.
  const names = Object.keys(fields).sort();
  if (!isPlainString(kind) || !names.every((n) => isPlainString(n) && isPlainString(fields[n]))) {
    return Buffer.from(canonicalJson({ fields: { ...fields }, kind, v: 1 }), 'utf8');
  }
  let text = '{"fields":{';
  for (let i = 0; i < names.length; i++) {
    text += `${i ? ',' : ''}${JSON.stringify(names[i])}:${JSON.stringify(fields[names[i]])}`;
  }
  return Buffer.from(`${text}},"kind":${JSON.stringify(kind)},"v":1}`, 'utf8');
}

// ---------------------------------------------------------------- the checks

const hashes = (list, what) => {
  if (!Array.isArray(list)) throw new Refused(`${what} is not a list of hashes`);
  return list.map((h) => strictBase64(String(h), what));
};

export function checkConsistency(key, oldNote, newNote, proofJson) {
  const older = openCheckpoint(oldNote, key);
  const newer = openCheckpoint(newNote, key);
  if (proofJson.from !== older.size || proofJson.to !== newer.size) {
    throw new Refused(
      `the proof is from ${proofJson.from} to ${proofJson.to}, the checkpoints are ${older.size} and ${newer.size}`,
    );
  }
  if (older.size > newer.size) throw new Refused('the "new" checkpoint is older than the old one');
  if (
    !verifyConsistency(older.size, newer.size, older.root, newer.root, hashes(proofJson.hashes, 'the proof'))
  ) {
    throw new Refused(`the log of size ${newer.size} does NOT extend the log of size ${older.size}`);
  }
  return [
    `The log of size ${newer.size} extends the pinned log of size ${older.size}: nothing in it was changed or removed.`,
  ];
}

/**
 * Inclusion checks that share work: a subtree hash that a row's proof already led to the signed
 * root is remembered by the leaves it covers, so the next row stops as soon as its path reaches a
 * subtree already proven (the same answer as verifyInclusion, in a few hashes per row).
 */
export function inclusionChecker(size, root) {
  const proven = new Map();
  /** proof: base64 hashes, decoded only as far as the path goes before it meets a proven subtree. */
  return (index, leafHash, proof) => {
    if (!isCount(index) || index >= size || !isHash(leafHash) || !Array.isArray(proof)) return false;
    // The subtrees [lo, hi) on the way from the root down to the leaf (RFC 9162 2.1.3.1 PATH).
    const steps = [];
    let lo = 0;
    let hi = size;
    while (hi - lo > 1) {
      let k = 1;
      while (k * 2 < hi - lo) k *= 2;
      const right = index >= lo + k; // the leaf is in the right half: the sibling is on the left
      steps.push({ lo, hi, right });
      if (right) lo += k;
      else hi = lo + k;
    }
    if (proof.length !== steps.length) return false;
    let r = leafHash;
    const seen = [];
    for (let i = 0; i < proof.length; i++) {
      const step = steps[steps.length - 1 - i];
      const sibling = strictBase64(String(proof[i]), 'a proof');
      if (sibling.length !== HASH_SIZE) return false;
      r = step.right ? hashChildren(sibling, r) : hashChildren(r, sibling);
      const key = `${step.lo}:${step.hi}`;
      const known = proven.get(key);
      if (known) return known.equals(r);
      seen.push([key, r]);
    }
    if (!r.equals(root)) return false;
    for (const [key, hash] of seen) proven.set(key, hash);
    return true;
  };
}

const sameJson = (a, b) => {
  if (typeof a === 'string' || a === null) return a === b;
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
};

/**
 * Checks rows against a checkpoint: each row is {label, proof, shows(name, value)}, where shows
 * answers whether the row shows that value for the field (undefined: it does not show the field).
 * A row must carry a proof, its fields and digests must give a leaf the checkpoint includes, and
 * every field it discloses must be the value the row shows.
 */
function checkRows(key, checkpointNote, rows) {
  const checkpoint = openCheckpoint(String(checkpointNote), key);
  const included = inclusionChecker(checkpoint.size, checkpoint.root);
  const failures = [];
  let count = 0;
  for (const { label, proof: row, shows } of rows) {
    count++;
    if (!row || typeof row !== 'object') {
      failures.push(`${label}: carries no proof (not in the log)`);
      continue;
    }
    const where = `${label} (leaf ${row.leafIndex})`;
    try {
      const disclosed = row.fields ?? {};
      for (const [name, { value }] of Object.entries(disclosed)) {
        if (!shows) continue;
        const same = shows(name, value);
        if (same === undefined) throw new Refused(`discloses ${name}, which the row does not show`);
        if (!same) throw new Refused(`shows a ${name} other than the one disclosed`);
      }
      const data = leafData(row.kind, disclosed, row.withheld ?? {});
      if (!included(row.leafIndex, hashLeaf(data), row.proof)) {
        failures.push(`${where}: not in the log as shown`);
      }
    } catch (e) {
      failures.push(`${where}: ${e.message}`);
    }
  }
  return { checkpoint, count, failures };
}

function report(key, result, what, checkpointAt) {
  const { checkpoint, count, failures } = result;
  const at = checkpointAt ? ` made at ${checkpointAt}` : '';
  if (failures.length) {
    throw new Refused(
      `${failures.length} of ${count} ${what} do not verify against the checkpoint of size ${checkpoint.size}${at}:\n` +
        failures.join('\n'),
    );
  }
  return [
    `All ${count} ${what} are in the log of size ${checkpoint.size}${at} signed by ${key.name}, as shown.`,
  ];
}

/** The bundle form: {format, checkpoint, rows: [proof…]}. */
export function checkExport(key, bundle) {
  if (bundle?.format !== 'caseline-verifiable-export/1')
    throw new Refused('not a verifiable export (format caseline-verifiable-export/1)');
  if (!Array.isArray(bundle.rows)) throw new Refused('the export has no rows');
  const rows = bundle.rows.map((proof, i) => ({ label: `row ${i + 1}`, proof }));
  return report(key, checkRows(key, bundle.checkpoint, rows), 'rows');
}

const VERIFIABLE = 'caseline-verifiable-export/1';
/** A JSON event shows a field under the field's own name. */
const jsonShows = (event) => (name, value) =>
  event && Object.prototype.hasOwnProperty.call(event, name) ? sameJson(event[name], value) : undefined;

function verifiableHead(head, where) {
  if (head?.format !== VERIFIABLE)
    throw new Refused(`${where} is not verifiable (no ${VERIFIABLE} checkpoint)`);
  return head;
}

/** A background JSON export: {manifest: {verifiable}, events: [{…, proof}]}. */
export function checkJsonExport(key, document) {
  const head = verifiableHead(document?.manifest?.verifiable, 'the export');
  if (!Array.isArray(document.events)) throw new Refused('the export has no events');
  const rows = document.events.map((e, i) => ({
    label: `row ${i + 1}`,
    proof: e?.proof,
    shows: jsonShows(e),
  }));
  return { head, result: checkRows(key, head.checkpoint, rows) };
}

/** A background NDJSON export: a {manifest: {verifiable}} line, then one event with its proof per line. */
export function checkNdjsonExport(key, text) {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const head = verifiableHead(parseLine(lines[0], 1)?.manifest?.verifiable, 'the export');
  const rows = lines.slice(1).map((line, i) => {
    const e = parseLine(line, i + 2);
    return { label: `row ${i + 1}`, proof: e?.proof, shows: jsonShows(e) };
  });
  return { head, result: checkRows(key, head.checkpoint, rows) };
}

function parseLine(line, n) {
  try {
    return JSON.parse(line);
  } catch {
    throw new Refused(`line ${n} is not JSON`);
  }
}

/** RFC 4180 records (CRLF or LF, quoted fields with doubled quotes), after a BOM if any. */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * A CSV export and its sidecar: the sidecar's first line is the checkpoint with the column that
 * shows each field, then one proof per CSV row, in order. A CSV cell shows null as empty text.
 */
export function checkCsvExport(key, csvText, sidecarText) {
  const lines = sidecarText.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const head = verifiableHead(parseLine(lines[0], 1), 'the proofs file');
  const [header, ...records] = parseCsv(csvText);
  const proofs = lines.slice(1);
  if (proofs.length !== records.length) {
    throw new Refused(`the CSV has ${records.length} rows, the proofs file ${proofs.length}`);
  }
  const at = new Map((header ?? []).map((name, i) => [name, i]));
  const columns = head.columns ?? {};
  const rows = records.map((cells, i) => ({
    label: `row ${i + 1}`,
    proof: parseLine(proofs[i], i + 2),
    shows: (name, value) => {
      const column = at.get(columns[name]);
      if (column === undefined) return undefined;
      const cell = value === null ? '' : typeof value === 'string' ? value : canonicalJson(value);
      return cells[column] === cell;
    },
  }));
  return { head, result: checkRows(key, head.checkpoint, rows) };
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${e.message}`);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readText(path));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path} is not JSON: ${e.message}`);
  }
}

class UsageError extends Error {}

const USAGE = `usage:
  verify --key <key> --consistency <old-checkpoint> <new-checkpoint> <proof.json>
  verify --key <key> <export.json | export.ndjson> [--against <newer-checkpoint> <proof.json>]
  verify --key <key> <export.csv> [<export.proofs.ndjson>] [--against <newer-checkpoint> <proof.json>]
<key> is the log's verifier key (GET /api/log/key) or a file holding it.`;

export function main(argv) {
  const args = [...argv];
  const keyAt = args.indexOf('--key');
  if (keyAt < 0 || !args[keyAt + 1]) throw new UsageError('--key is required');
  const keyArg = args.splice(keyAt, 2)[1];
  const key = parseVerifierKey(/^[^+\s]+\+[0-9a-f]{8}\+/.test(keyArg) ? keyArg : readText(keyArg));
  if (args[0] === '--consistency') {
    if (args.length !== 4)
      throw new UsageError('--consistency takes <old-checkpoint> <new-checkpoint> <proof.json>');
    return checkConsistency(key, readText(args[1]), readText(args[2]), readJson(args[3]));
  }
  const againstAt = args.indexOf('--against');
  const against = againstAt < 0 ? null : args.splice(againstAt, 3).slice(1);
  if (against && against.length !== 2)
    throw new UsageError('--against takes <newer-checkpoint> <consistency-proof.json>');
  if (args.length < 1 || args.length > 2 || args.some((a) => a.startsWith('--')))
    throw new UsageError('give one export file (and, for a CSV, its proofs file)');
  const { checkpoint, lines } = exportLines(key, args);
  if (!against) return lines;
  // The export's checkpoint must be contained in the newer one the checker pinned later.
  return [...lines, ...checkConsistency(key, checkpoint, readText(against[0]), readJson(against[1]))];
}

/** Checks an export file of any form; its checkpoint note and the lines to print. */
function exportLines(key, [path, sidecar]) {
  const checked = ({ head, result }) => ({
    checkpoint: head.checkpoint,
    lines: report(key, result, 'rows', head.checkpointAt),
  });
  if (/\.csv$/i.test(path)) {
    const proofsPath = sidecar ?? path.replace(/\.csv$/i, '.proofs.ndjson');
    return checked(checkCsvExport(key, readText(path), readText(proofsPath)));
  }
  if (sidecar) throw new UsageError('only a CSV export takes a proofs file');
  const text = readText(path);
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    return checked(checkNdjsonExport(key, text)); // not one JSON document: one per line
  }
  if (document?.format === VERIFIABLE)
    return { checkpoint: document.checkpoint, lines: checkExport(key, document) };
  // An NDJSON export of no rows is its manifest line alone.
  if (document?.manifest && !('events' in document)) return checked(checkNdjsonExport(key, text));
  return checked(checkJsonExport(key, document));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    for (const line of main(process.argv.slice(2))) process.stdout.write(`OK  ${line}\n`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (e instanceof Refused) {
      process.stdout.write(`FAILED  ${e.message}\n`);
      process.exitCode = 1;
    } else {
      throw e;
    }
  }
}
