#!/usr/bin/env node
// Caseline's record verifier: checks what Caseline hands out against a checkpoint and key that
// the checker pinned earlier, with no database, no server and no dependency but Node itself.
// It can be copied out of Caseline and run on its own (Node 20 or later). How it works and the
// formats it reads: docs/verifiable-record.md.
//
//   node verify.mjs --key <key> --consistency <old-checkpoint> <new-checkpoint> <proof.json>
//       the log at the newer checkpoint extends the log at the older one, nothing changed or dropped
//   node verify.mjs --key <key> <export.json | .ndjson | .timelinejs.json | .csv [.proofs.ndjson]>
//                   [--against <newer-checkpoint> <proof.json>]
//       every row of a verifiable export is in the log at the export's checkpoint, and every field
//       it shows is the one the log committed to; with --against, the log at a newer checkpoint
//       still contains the export's
//
// <key> is the log's verifier key (GET /api/log/key), or a file holding it. Exit status: 0 when
// everything verifies, 1 when something does not, 2 when the command or a file cannot be read.

import * as nodeCrypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import process from 'node:process';
import { pathToFileURL, URL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

// ---------------------------------------------------------------- RFC 9162 section 2.1 tree

const HASH_SIZE = 32;
const { createPublicKey, verify: verifySignature } = nodeCrypto;
// One-shot hashing (Node 20.12 and later) is about twice as fast as a Hash object per value.
const digestOf =
  typeof nodeCrypto.hash === 'function'
    ? (bytes) => nodeCrypto.hash('sha256', bytes, 'buffer')
    : (bytes) => nodeCrypto.createHash('sha256').update(bytes).digest();
const sha256 = (...parts) => digestOf(parts.length === 1 ? parts[0] : Buffer.concat(parts));
const NODE_PREFIX = Buffer.from([1]);
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

// Hashes as base64 text: Node answers text faster than a new Buffer, and text compares with ===.
const hashText =
  typeof nodeCrypto.hash === 'function'
    ? (input) => nodeCrypto.hash('sha256', input, 'base64')
    : (input) => nodeCrypto.createHash('sha256').update(input).digest('base64');
// Node's own Buffer writers, without Buffer#write's argument handling (the fallback where absent).
const utf8Write =
  typeof Buffer.prototype.utf8Write === 'function'
    ? (buffer, text, at) => buffer.utf8Write(text, at)
    : (buffer, text, at) => buffer.write(text, at, 'utf8');
const base64Write =
  typeof Buffer.prototype.base64Write === 'function'
    ? (buffer, text, at) => buffer.base64Write(text, at)
    : (buffer, text, at) => buffer.write(text, at, 'base64');

const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, 1);
/** RFC 9162 interior node, over base64 hashes. */
function hashChildrenText(left, right) {
  base64Write(nodeInput, left, 1);
  base64Write(nodeInput, right, 1 + HASH_SIZE);
  return hashText(nodeInput);
}

const SALT_SIZE = 32;
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * The leaf hashes of an export's rows (leaf version 1). The export's head names the kind of the
 * leaves and their fields; a row gives, in that order, 32 bytes per field: the salt of a field it
 * shows (its value is the one the row shows) and the digest of a field it withholds.
 *
 *   digest(field) = SHA-256(salt ‖ UTF-8(JCS([name, value])))
 *   leaf data     = UTF-8(JCS({"fields": {name: base64(digest), …}, "kind": kind, "v": 1}))
 */
export function leafHasher(head) {
  const { kind, fields: names } = head;
  if (!isPlainString(kind)) throw new Refused('the export names no kind of leaf');
  if (
    !Array.isArray(names) ||
    !names.length ||
    !names.every(isPlainString) ||
    new Set(names).size !== names.length
  )
    throw new Refused("the export does not list its leaves' fields");
  // The leaf's JSON lists the fields by name in RFC 8785 order (UTF-16 code units: JS's own sort).
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : 1));
  const quoted = names.map((n) => JSON.stringify(n));
  const opening = names.map((n) => `[${JSON.stringify(n)},`); // JCS of [name, value] up to the value
  const tail = `},"kind":${JSON.stringify(kind)},"v":1}`;
  const size = names.length * SALT_SIZE;
  const digests = new Array(names.length);
  /** shown(name): the value the row shows for a field, or undefined when it shows none. */
  return (proof, shown) => {
    if (typeof proof.fields !== 'string') throw new Refused('its proof has no fields');
    const withheld = proof.withheld ?? [];
    if (!Array.isArray(withheld) || !withheld.every((n) => names.includes(n)))
      throw new Refused('it withholds a field its leaf does not have');
    // The salts and digests are decoded in place, and the fields hashed from the last: the text
    // of field i is written after its salt, over the salts of the fields already hashed.
    if (proof.fields.length * 0.75 + SALT_SIZE > scratch.length)
      scratch = Buffer.allocUnsafe(proof.fields.length * 2);
    if (base64Write(scratch, proof.fields, 0) !== size || Buffer.byteLength(proof.fields, 'base64') !== size)
      throw new Refused(`its fields are not ${size} bytes`);
    for (let i = names.length - 1; i >= 0; i--) {
      const at = i * SALT_SIZE;
      if (withheld.includes(names[i])) {
        digests[i] = scratch.toString('base64', at, at + SALT_SIZE);
        continue;
      }
      const value = shown(names[i]);
      if (value === undefined) throw new Refused(`discloses ${names[i]}, which the row does not show`);
      const text =
        value === null
          ? `${opening[i]}null]`
          : isPlainString(value)
            ? `${opening[i]}${JSON.stringify(value)}]`
            : canonicalJson([names[i], value]);
      const start = at + SALT_SIZE;
      if (start + 3 * text.length > scratch.length) {
        digests[i] = hashText(Buffer.concat([scratch.subarray(at, start), Buffer.from(text, 'utf8')]));
      } else {
        const length = utf8Write(scratch, text, start);
        digests[i] = hashText(scratch.subarray(at, start + length));
      }
    }
    // RFC 9162 leaf hash: SHA-256(0x00 ‖ leaf data); U+0000 is that byte in UTF-8.
    let text = '\u0000{"fields":{';
    for (let j = 0; j < order.length; j++) {
      const i = order[j];
      text += `${j ? ',' : ''}${quoted[i]}:"${digests[i]}"`;
    }
    return hashText(text + tail);
  };
}

// ---------------------------------------------------------------- shared paths (exports)

/**
 * The number of each subtree of a tree of `size` leaves, as src/log/shared-paths.ts numbers them:
 * the subtree of leaves [lo, hi) is at level ceil(log2(hi - lo)), lo is a multiple of 2^level, and
 * the levels' numbers follow one another.
 */
function treeNodes(size) {
  const offsets = [];
  let offset = 0;
  for (let width = 1; ; width *= 2) {
    offsets.push(offset);
    offset += Math.ceil(size / width);
    if (width >= size) break;
  }
  const key = (lo, hi) => {
    let level = 0;
    let width = 1;
    while (width < hi - lo) {
      width *= 2;
      level++;
    }
    return offsets[level] + lo / width;
  };
  return { offsets, key };
}

/**
 * Inclusion checks of an export's rows, in order, against a checkpoint (size, root). Once a row's
 * path has led to the signed root, every subtree hash it used or computed is known; a row's path
 * leaves out the hashes known from the rows before it and ends where it reaches a known subtree
 * (src/log/shared-paths.ts writes them so). The steps are those of RFC 9162's inclusion proof.
 * check(index, leafHash, path, row) → null when the leaf is in the tree, else why not;
 * check(index, null, path, row) records a row that could not be read, for the rows after it.
 */
export function sharedInclusion(size, root) {
  const { offsets, key } = size > 0 ? treeNodes(size) : { offsets: [], key: () => -1 };
  const rootKey = key(0, size);
  const known = new Map([[rootKey, root.toString('base64')]]);
  const failedBy = new Map(); // subtree → the failed row whose path would have given it
  const nodeKey = (lo, width, level) => (lo + width <= size ? offsets[level] + lo / width : key(lo, size));
  return (index, leafHash, path, row) => {
    if (!isCount(index) || index >= size) return `leaf ${index} is not in a log of size ${size}`;
    if (!Array.isArray(path)) return 'its path is not a list of hashes';
    const learned = [];
    let r = leafHash;
    let used = 0;
    let why = null;
    let cause = row; // the row a failure is owed to
    let reached = rootKey;
    let lo = index;
    for (let width = 1, level = 0; lo > 0 || width < size; width *= 2, level++) {
      const right = (lo / width) % 2 === 1;
      const siblingLo = right ? lo - width : lo + width;
      // The last subtree of a level with an odd count has no sibling: it moves up as it is.
      if (siblingLo < size) {
        const node = nodeKey(lo, width, level);
        if (known.has(node)) {
          reached = node;
          break;
        }
        const sibling = nodeKey(siblingLo, width, level);
        let hash = known.get(sibling);
        if (hash === undefined) {
          if (used === path.length) {
            cause = failedBy.get(node) ?? failedBy.get(sibling) ?? row;
            why =
              cause === row
                ? 'its path is incomplete'
                : `cannot be checked: its path goes on in that of row ${cause}, which does not verify`;
            break;
          }
          hash = path[used++];
          if (
            typeof hash !== 'string' ||
            hash.length !== 44 ||
            base64Write(nodeInput, hash, 1) !== HASH_SIZE
          ) {
            why = 'its path holds something other than a hash';
            break;
          }
        }
        learned.push(node, r, sibling, hash);
        if (r !== null) r = right ? hashChildrenText(hash, r) : hashChildrenText(r, hash);
      }
      if (right) lo -= width;
    }
    if (!why && leafHash !== null) {
      if (r !== known.get(reached)) why = 'not in the log as shown';
      else if (used !== path.length) why = 'its path has hashes it does not need';
    }
    if (why || leafHash === null) {
      // The rows after it whose paths go on in this one's are reported as owed to it.
      for (let j = 0; j < learned.length; j += 4) {
        if (!failedBy.has(learned[j])) failedBy.set(learned[j], cause);
        if (!failedBy.has(learned[j + 2])) failedBy.set(learned[j + 2], cause);
      }
      return why;
    }
    for (let j = 0; j < learned.length; j += 2) known.set(learned[j], learned[j + 1]);
    return null;
  };
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
 * The first half of a row's check, which needs no other row: its leaf hash from the salts of the
 * fields it shows with the values it shows (shown(name), undefined when it shows none) and the
 * digests of those it withholds. Rows can be taken in any order, on any thread.
 */
function leafOfRow(leafHash, proof, shown) {
  if (!proof || typeof proof !== 'object')
    return { failure: 'carries no proof (not in the log)', none: true };
  try {
    return { leaf: proof.leaf, hash: leafHash(proof, shown), path: proof.path };
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return { leaf: proof.leaf, hash: null, path: proof.path, failure: e.message };
  }
}

/** The second half, row after row in the export's order: each leaf in the checkpoint's tree. */
function judging(key, head) {
  const checkpoint = openCheckpoint(String(head.checkpoint), key);
  const included = sharedInclusion(checkpoint.size, checkpoint.root);
  const failures = [];
  let count = 0;
  return {
    take({ leaf, hash, path, failure, none }) {
      count++;
      if (none) {
        failures.push(`row ${count}: ${failure}`);
        return;
      }
      if (failure) failures.push(`row ${count} (leaf ${leaf}): ${failure}`);
      const why = included(leaf, hash, path, count);
      if (hash !== null && why) failures.push(`row ${count} (leaf ${leaf}): ${why}`);
    },
    result: () => ({ checkpoint, count, failures }),
  };
}

/** Checks rows {proof, shown(name)} in order, on this thread. */
function checkRows(key, head, rows) {
  const leafHash = leafHasher(head);
  const judge = judging(key, head);
  for (const { proof, shown } of rows) judge.take(leafOfRow(leafHash, proof, shown));
  return judge.result();
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

const VERIFIABLE = 'caseline-verifiable-export/2';
/**
 * A JSON event shows a field under the field's own name; a TimelineJS slide under the property the
 * head's `properties` names (its id as `unique_id`).
 */
const shownIn = (head) => {
  const properties = head.properties ?? {};
  const has = (object, name) => Object.prototype.hasOwnProperty.call(object, name);
  return (event) => (name) => {
    const property = has(properties, name) ? properties[name] : name;
    return event !== null && typeof event === 'object' && has(event, property) ? event[property] : undefined;
  };
};
/** The head of a JSON export is its manifest's `verifiable`; a TimelineJS file's, its own `verifiable`. */
const headOf = (document) => document?.manifest?.verifiable ?? document?.verifiable;

function verifiableHead(head, where) {
  if (
    typeof head?.format === 'string' &&
    head.format.startsWith('caseline-verifiable-export/') &&
    head.format !== VERIFIABLE
  )
    throw new Refused(`${where} is laid out as ${head.format}; this verifier reads ${VERIFIABLE}`);
  if (head?.format !== VERIFIABLE)
    throw new Refused(`${where} is not verifiable (no ${VERIFIABLE} checkpoint)`);
  return head;
}

/** [start, end) of each line of a UTF-8 file (after a BOM), without its line end, two numbers a line. */
function lineRanges(bytes) {
  const lines = [];
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length) {
    let end = bytes.indexOf(0x0a, at);
    if (end < 0) end = bytes.length;
    lines.push(at, end > at && bytes[end - 1] === 0x0d ? end - 1 : end);
    at = end + 1;
  }
  return lines;
}

const isBlank = (bytes, start, end) => {
  for (let i = start; i < end; i++) if (![0x20, 0x09, 0x0d].includes(bytes[i])) return false;
  return true;
};
const textOf = (bytes, start, end) => bytes.toString('utf8', start, end);

/**
 * A JSON export as Caseline writes it, one event a line: `{"manifest":…,"events":[<event>`, then
 * `,` ending every line but the last, `<event>]}`. The first line with `]}` for an ending is the
 * whole document with the first event only; the later events are read one at a time. Undefined
 * for any other layout (read whole instead).
 */
function jsonByLine(bytes) {
  const lines = lineRanges(bytes);
  let last = lines.length - 2;
  while (last > 0 && isBlank(bytes, lines[last], lines[last + 1])) last -= 2;
  if (last < 2) return undefined;
  const firstLine = textOf(bytes, lines[0], lines[1]);
  if (!firstLine.endsWith(',')) return undefined;
  let first;
  try {
    first = JSON.parse(`${firstLine.slice(0, -1)}]}`);
  } catch {
    return undefined;
  }
  if (Object.keys(first).at(-1) !== 'events' || first.events?.length !== 1) return undefined;
  const rows = [];
  for (let i = 2; i <= last; i += 2) {
    const [start, end] = [lines[i], lines[i + 1]];
    if (i < last && bytes[end - 1] === 0x2c) rows.push(start, end - 1);
    else if (i === last && bytes[end - 2] === 0x5d && bytes[end - 1] === 0x7d) rows.push(start, end - 2);
    else return undefined;
  }
  return { first, rows };
}

/** The first half of the checks of rows, one a line (ranges as lineRanges gives them). */
function leavesOfLines(bytes, head, rows) {
  const leafHash = leafHasher(head);
  const shown = shownIn(head);
  const out = [];
  for (let i = 0; i < rows.length; i += 2) {
    let e;
    try {
      e = JSON.parse(textOf(bytes, rows[i], rows[i + 1]));
    } catch {
      return { out, unparsed: i / 2 };
    }
    out.push(leafOfRow(leafHash, e?.proof, shown(e)));
  }
  return { out };
}

const ROWS_A_MESSAGE = 4096;
/** Below this many rows, starting threads costs more than it saves. */
const ROWS_FOR_THREADS = 20_000;

/**
 * Checks rows, one a line, the first halves on `threads` threads (each reads its lines of the
 * shared file) and the second halves here, in order, as the answers come. {unparsed: k} when the
 * k-th row (from 0) is not JSON.
 */
async function checkLines(key, head, bytes, rows, threads, before = []) {
  const judge = judging(key, head);
  for (const r of before) judge.take(r);
  const count = rows.length / 2;
  if (threads === undefined) threads = count >= ROWS_FOR_THREADS ? availableParallelism() : 1;
  if (threads <= 1 || !(bytes.buffer instanceof SharedArrayBuffer)) {
    const { out, unparsed } = leavesOfLines(bytes, head, rows);
    if (unparsed !== undefined) return { unparsed };
    for (const r of out) judge.take(r);
    return judge.result();
  }
  const parts = [];
  for (let i = 0; i < rows.length; i += 2 * ROWS_A_MESSAGE) parts.push(rows.slice(i, i + 2 * ROWS_A_MESSAGE));
  const answers = parts.map(() => {
    const answer = {};
    answer.promise = new Promise((resolve, reject) => Object.assign(answer, { resolve, reject }));
    return answer;
  });
  const shared = { buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.length, head };
  const workers = Array.from(
    { length: Math.min(threads, parts.length) },
    () => new Worker(new URL(import.meta.url), { workerData: { caselineVerifier: shared } }),
  );
  let next = 0;
  const give = (worker) => {
    if (next < parts.length) worker.postMessage({ id: next, rows: parts[next++] });
  };
  for (const worker of workers) {
    worker.on('message', ({ id, result }) => {
      answers[id].resolve(result);
      give(worker);
    });
    worker.on('error', (e) => answers.forEach((a) => a.reject(e)));
    give(worker);
  }
  try {
    for (let i = 0; i < parts.length; i++) {
      const { out, unparsed } = await answers[i].promise;
      for (const r of out) judge.take(r);
      if (unparsed !== undefined) return { unparsed: i * ROWS_A_MESSAGE + unparsed };
    }
    return judge.result();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** A thread started by checkLines: the first halves of the checks of the rows it is sent. */
if (!isMainThread && workerData?.caselineVerifier) {
  const { buffer, offset, length, head } = workerData.caselineVerifier;
  const bytes = Buffer.from(buffer, offset, length);
  parentPort.on('message', ({ id, rows }) =>
    parentPort.postMessage({ id, result: leavesOfLines(bytes, head, rows) }),
  );
}

/**
 * A background JSON export, {manifest: {verifiable}, events: [{…, proof}]}, or TimelineJS file,
 * {verifiable, title, events: [{…, unique_id, proof}]}. Read line by line when
 * laid out as Caseline writes it (above), and whole otherwise: the same rows either way.
 */
export async function checkJsonExport(key, bytes, threads) {
  const byLine = jsonByLine(bytes);
  if (byLine) {
    const head = verifiableHead(headOf(byLine.first), 'the export');
    const [event] = byLine.first.events;
    const first = leafOfRow(leafHasher(head), event?.proof, shownIn(head)(event));
    const result = await checkLines(key, head, bytes, byLine.rows, threads, [first]);
    if (result.unparsed === undefined) return { head, result };
    // A line that is not JSON: read whole, which says what is wrong.
  }
  const document = parseOr(textOf(bytes, 0, bytes.length).replace(/^\ufeff/, ''), 'the export is not JSON');
  const head = verifiableHead(headOf(document), 'the export');
  if (!Array.isArray(document.events)) throw new Refused('the export has no events');
  const shown = shownIn(head);
  const rows = document.events.map((e) => ({ proof: e?.proof, shown: shown(e) }));
  return { head, result: checkRows(key, head, rows) };
}

function parseOr(text, message) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Refused(message);
  }
}

/** A background NDJSON export: a {manifest: {verifiable}} line, then one event with its proof per line. */
export async function checkNdjsonExport(key, bytes, threads) {
  const lines = lineRanges(bytes);
  const head = verifiableHead(
    parseLine(textOf(bytes, lines[0] ?? 0, lines[1] ?? 0), 1)?.manifest?.verifiable,
    'the export',
  );
  // Blank lines may close the file; none may stand between two rows.
  let end = lines.length;
  while (end > 2 && isBlank(bytes, lines[end - 2], lines[end - 1])) end -= 2;
  const rows = lines.slice(2, end);
  for (let i = 0; i < rows.length; i += 2)
    if (rows[i] === rows[i + 1]) throw new Refused(`line ${i / 2 + 2} is empty`);
  const result = await checkLines(key, head, bytes, rows, threads);
  if (result.unparsed !== undefined) throw new Refused(`line ${result.unparsed + 2} is not JSON`);
  return { head, result };
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
export function checkCsvExport(key, csvText, sidecarBytes) {
  const ranges = lineRanges(sidecarBytes);
  const lines = [];
  for (let i = 0; i < ranges.length; i += 2) lines.push(textOf(sidecarBytes, ranges[i], ranges[i + 1]));
  while (lines[lines.length - 1] === '') lines.pop();
  const head = verifiableHead(parseLine(lines[0] ?? '', 1), 'the proofs file');
  const [header, ...records] = parseCsv(csvText);
  const proofs = lines.slice(1);
  if (proofs.length !== records.length) {
    throw new Refused(`the CSV has ${records.length} rows, the proofs file ${proofs.length}`);
  }
  const at = new Map((header ?? []).map((name, i) => [name, i]));
  const columns = head.columns ?? {};
  function* rows() {
    for (let i = 0; i < records.length; i++) {
      const cells = records[i];
      yield {
        proof: parseLine(proofs[i], i + 2),
        // A CSV cell shows text, and null as an empty cell.
        shown: (name) => {
          const column = at.get(columns[name]);
          const cell = column === undefined ? undefined : cells[column];
          return cell === '' ? null : cell;
        },
      };
    }
  }
  return { head, result: checkRows(key, head, rows()) };
}

const READ_SIZE = 8 << 20;
/** A file's bytes, in memory the threads of checkLines share. */
function readBytes(path) {
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const bytes = Buffer.from(new SharedArrayBuffer(size));
      for (let at = 0; at < size;) {
        const read = readSync(fd, bytes, at, Math.min(READ_SIZE, size - at), at); // in parts: much faster
        if (read === 0) throw new Error('the file shrank while it was read');
        at += read;
      }
      return bytes;
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${e.message}`);
  }
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
  verify --key <key> <export.json | export.ndjson | export.timelinejs.json> [--against <newer-checkpoint> <proof.json>]
  verify --key <key> <export.csv> [<export.proofs.ndjson>] [--against <newer-checkpoint> <proof.json>]
<key> is the log's verifier key (GET /api/log/key) or a file holding it.
--threads <n>: check a JSON, NDJSON or TimelineJS export's rows on n threads (default: one for a small export,
  one per processor for ${ROWS_FOR_THREADS} rows or more).`;

export async function main(argv) {
  const args = [...argv];
  const keyAt = args.indexOf('--key');
  if (keyAt < 0 || !args[keyAt + 1]) throw new UsageError('--key is required');
  const keyArg = args.splice(keyAt, 2)[1];
  const key = parseVerifierKey(/^[^+\s]+\+[0-9a-f]{8}\+/.test(keyArg) ? keyArg : readText(keyArg));
  const threadsAt = args.indexOf('--threads');
  const threads = threadsAt < 0 ? undefined : Number(args.splice(threadsAt, 2)[1]);
  if (threads !== undefined && !(Number.isSafeInteger(threads) && threads >= 1))
    throw new UsageError('--threads takes a number of threads, 1 or more');
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
  const { checkpoint, lines } = await exportLines(key, args, threads);
  if (!against) return lines;
  // The export's checkpoint must be contained in the newer one the checker pinned later.
  return [...lines, ...checkConsistency(key, checkpoint, readText(against[0]), readJson(against[1]))];
}

/** Checks an export file of any form; its checkpoint note and the lines to print. */
async function exportLines(key, [path, sidecar], threads) {
  const checked = ({ head, result }) => ({
    checkpoint: head.checkpoint,
    lines: report(key, result, 'rows', head.checkpointAt),
  });
  if (/\.csv$/i.test(path)) {
    const proofsPath = sidecar ?? path.replace(/\.csv$/i, '.proofs.ndjson');
    return checked(checkCsvExport(key, readText(path), readBytes(proofsPath)));
  }
  if (sidecar) throw new UsageError('only a CSV export takes a proofs file');
  const bytes = readBytes(path);
  // NDJSON opens with a line that is its manifest alone; JSON with the manifest and its events.
  const end = bytes.indexOf(0x0a);
  let first;
  try {
    first = JSON.parse(textOf(bytes, 0, end < 0 ? bytes.length : end));
  } catch {
    first = undefined;
  }
  const ndjson = first?.manifest !== undefined && !('events' in first);
  return checked(await (ndjson ? checkNdjsonExport : checkJsonExport)(key, bytes, threads));
}

if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (lines) => {
      for (const line of lines) process.stdout.write(`OK  ${line}\n`);
    },
    (e) => {
      if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n${USAGE}\n`);
        process.exitCode = 2;
      } else if (e instanceof Refused) {
        process.stdout.write(`FAILED  ${e.message}\n`);
        process.exitCode = 1;
      } else {
        throw e;
      }
    },
  );
}
