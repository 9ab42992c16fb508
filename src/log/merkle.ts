import { createHash } from 'node:crypto';
import { sha256 } from './sha256';

/**
 * The Merkle tree of RFC 9162 section 2.1 (the same as RFC 6962's): SHA-256, leaves hashed with a
 * 0x00 prefix and interior nodes with 0x01, so a leaf can never pass for a node. Pure functions
 * over Buffers; where a proof needs stored hashes it asks a NodeReader for them.
 *
 * Sizes and indices are plain numbers (exact up to 2^53), so the bit arithmetic below is done
 * with division, not with JavaScript's 32-bit operators.
 */

export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function hashLeaf(data: Buffer): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

export function hashChildren(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.concat([NODE_PREFIX, left, right]));
}

/** The root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT = createHash('sha256').digest();

/**
 * A complete subtree: the 2^level leaves starting at index * 2^level. Every complete subtree's
 * hash is stored once its last leaf is appended, so any proof is assembled from O(log n) of them.
 */
export interface NodeId {
  level: number;
  index: number;
}

/** Reads the hashes of complete subtrees, in the order asked; throws if one is missing. */
export type NodeReader = (nodes: readonly NodeId[]) => Promise<Buffer[]>;

/** A range [start, end) of leaves whose hash a proof carries. */
interface Range {
  start: number;
  end: number;
}

export class MerkleError extends Error {}

function isSafeCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** The largest power of two strictly smaller than n (n >= 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && largestPowerOfTwoBelow(n * 2) === n;
}

/**
 * The complete subtrees that make up [start, end), largest first, when start is a multiple of
 * the first of them (true of every range of a proof and of every [0, size)). The hash of the
 * range is their right fold: hashChildren(a, hashChildren(b, c)) for [a, b, c].
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    let width = 1;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}

/** The hash of a range from the hashes of its rangeNodes, in the same order. */
export function foldRange(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return EMPTY_ROOT;
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) acc = hashChildren(hashes[i], acc);
  return acc;
}

/** RFC 9162 2.1.3.1 PATH(m, D[lo:hi]): the ranges whose hashes prove leaf m, leaf side first. */
function inclusionRanges(m: number, lo: number, hi: number, out: Range[]): void {
  if (hi - lo <= 1) return;
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m < lo + k) {
    inclusionRanges(m, lo, lo + k, out);
    out.push({ start: lo + k, end: hi });
  } else {
    inclusionRanges(m, lo + k, hi, out);
    out.push({ start: lo, end: lo + k });
  }
}

/** RFC 9162 2.1.4.1 SUBPROOF(m, D[lo:hi], b), m counted from lo. */
function consistencyRanges(m: number, lo: number, hi: number, whole: boolean, out: Range[]): void {
  const n = hi - lo;
  if (m === n) {
    if (!whole) out.push({ start: lo, end: hi });
    return;
  }
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) {
    consistencyRanges(m, lo, lo + k, whole, out);
    out.push({ start: lo + k, end: hi });
  } else {
    consistencyRanges(m - k, lo + k, hi, false, out);
    out.push({ start: lo, end: lo + k });
  }
}

/** Reads every node the ranges need with one call to the reader, and folds each range. */
async function hashRanges(ranges: readonly Range[], read: NodeReader): Promise<Buffer[]> {
  const perRange = ranges.map((r) => rangeNodes(r.start, r.end));
  const wanted = new Map<string, NodeId>();
  for (const nodes of perRange) for (const n of nodes) wanted.set(`${n.level}:${n.index}`, n);
  const ids = [...wanted.values()];
  const hashes = ids.length ? await read(ids) : [];
  if (hashes.length !== ids.length) throw new MerkleError('node reader returned the wrong number of hashes');
  const byKey = new Map(ids.map((n, i) => [`${n.level}:${n.index}`, hashes[i]]));
  return perRange.map((nodes) => foldRange(nodes.map((n) => byKey.get(`${n.level}:${n.index}`)!)));
}

export function inclusionProofNodes(index: number, size: number): NodeId[] {
  const ranges: Range[] = [];
  inclusionRanges(index, 0, size, ranges);
  return ranges.flatMap((r) => rangeNodes(r.start, r.end));
}

/** The complete subtrees a consistency proof from `from` to `to` reads. */
export function consistencyProofNodes(from: number, to: number): NodeId[] {
  if (from === 0 || from >= to) return [];
  const ranges: Range[] = [];
  consistencyRanges(from, 0, to, true, ranges);
  return ranges.flatMap((r) => rangeNodes(r.start, r.end));
}

/** The inclusion proof of leaf index in the tree of the first size leaves (RFC 9162 2.1.3.1). */
export async function inclusionProof(index: number, size: number, read: NodeReader): Promise<Buffer[]> {
  if (!isSafeCount(index) || !isSafeCount(size) || index >= size) {
    throw new MerkleError(`leaf ${index} is not in a tree of size ${size}`);
  }
  const ranges: Range[] = [];
  inclusionRanges(index, 0, size, ranges);
  return hashRanges(ranges, read);
}

/** The consistency proof from the tree of size from to the tree of size to (RFC 9162 2.1.4.1). */
export async function consistencyProof(from: number, to: number, read: NodeReader): Promise<Buffer[]> {
  if (!isSafeCount(from) || !isSafeCount(to) || from > to) {
    throw new MerkleError(`no consistency proof from size ${from} to size ${to}`);
  }
  if (from === 0 || from === to) return [];
  const ranges: Range[] = [];
  consistencyRanges(from, 0, to, true, ranges);
  return hashRanges(ranges, read);
}

/** The root of the tree of the first size leaves. */
export async function rootAt(size: number, read: NodeReader): Promise<Buffer> {
  if (!isSafeCount(size)) throw new MerkleError(`no tree of size ${size}`);
  if (size === 0) return EMPTY_ROOT;
  return (await hashRanges([{ start: 0, end: size }], read))[0];
}

function validHash(h: Buffer | undefined): h is Buffer {
  return Buffer.isBuffer(h) && h.length === HASH_SIZE;
}

/** Halves n (the verification algorithms' "right-shift"), exact for any safe integer. */
function half(n: number): number {
  return Math.floor(n / 2);
}

function lsb(n: number): boolean {
  return n % 2 === 1;
}

/** RFC 9162 2.1.3.2: the root that proof leads to from leafHash at index in a tree of size. */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Buffer,
  proof: readonly Buffer[],
): Buffer | null {
  if (!isSafeCount(index) || !isSafeCount(size) || index >= size) return null;
  if (!validHash(leafHash) || !proof.every(validHash)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return null;
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Buffer,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  const computed = rootFromInclusionProof(index, size, leafHash, proof);
  return computed !== null && validHash(root) && computed.equals(root);
}

/** RFC 9162 2.1.4.2: does proof show that the tree (from, fromRoot) is a prefix of (to, toRoot)? */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Buffer,
  toRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!isSafeCount(from) || !isSafeCount(to) || from > to) return false;
  if (!validHash(fromRoot) || !validHash(toRoot) || !proof.every(validHash)) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  // Every tree extends the empty one.
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
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

/**
 * The tree's right edge: the hashes of the complete subtrees that make up [0, size), largest
 * first (one per set bit of size). Enough to append a leaf and to compute the root.
 */
export type Frontier = Buffer[];

export interface AppendResult {
  frontier: Frontier;
  /** The complete subtrees the new leaf completes: the leaf itself, then each parent it closes. */
  nodes: (NodeId & { hash: Buffer })[];
}

/** Appends the leaf with hash leafHash as leaf number size; at most log2(size) + 1 new nodes. */
export function appendToFrontier(frontier: Frontier, size: number, leafHash: Buffer): AppendResult {
  const next = [...frontier];
  const nodes: AppendResult['nodes'] = [{ level: 0, index: size, hash: leafHash }];
  let hash = leafHash;
  let level = 0;
  let index = size;
  while (lsb(index)) {
    const left = next.pop();
    if (!left) throw new MerkleError(`frontier too short for size ${size}`);
    hash = hashChildren(left, hash);
    level++;
    index = half(index);
    nodes.push({ level, index, hash });
  }
  next.push(hash);
  return { frontier: next, nodes };
}

export function frontierRoot(frontier: Frontier): Buffer {
  return foldRange(frontier);
}
