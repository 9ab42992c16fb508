import { decodeLeaf, fieldDigest, LeafDigests, leafDataOf, LeafKind, LeafSalts } from './leaf';
import { LogEntry } from './log-records';
import { appendToFrontier, Frontier, frontierRoot, hashLeaf } from './merkle';

/**
 * Checking the whole log against the records as stored now (GET /api/audit/verify): every leaf
 * is derived again from its record and salts, the tree is rebuilt from those leaves, and its root
 * compared with each signed checkpoint. Pure: the service feeds it leaves in index order.
 */

export type LogProblemKind = 'changed' | 'removed' | 'reordered' | 'unlogged' | 'tree';

export interface LogProblem {
  problem: LogProblemKind;
  /** null for a record that has no leaf, or for a difference only the root shows. */
  leafIndex: number | null;
  kind: LeafKind | null;
  recordId: string | null;
  detail: string;
}

export interface StoredLeaf {
  leafIndex: number;
  kind: LeafKind;
  recordId: string;
  /** The leaf data as stored. */
  data: string;
  /** Salts by field name; a field whose salt is gone was erased (its digest is taken as stored). */
  salts: LeafSalts;
  /** The leaf hash the stored tree holds at this index (hex), if any. */
  storedHash: string | undefined;
}

export interface SignedRoot {
  size: number;
  /** Hex. */
  root: string;
}

export interface LogCheckResult {
  ok: boolean;
  /** Leaves checked. */
  size: number;
  /** The largest signed checkpoint the log was compared with (0: none yet). */
  checkpointSize: number;
  /** Whether the tree rebuilt from the records has the root of every signed checkpoint. */
  checkpointsMatch: boolean;
  problems: LogProblem[];
  /** Problems found in all (the list holds the first MAX_PROBLEMS). */
  problemCount: number;
}

export const MAX_PROBLEMS = 100;

/** Leaf data derived from a record as stored now, with its salts; null when it cannot be derived. */
export function rederive(entry: LogEntry, stored: StoredLeaf): Buffer | null {
  let storedDigests: LeafDigests;
  try {
    storedDigests = decodeLeaf(Buffer.from(stored.data, 'utf8')).fields;
  } catch {
    return null;
  }
  const digests: LeafDigests = {};
  for (const [name, value] of Object.entries(entry.fields)) {
    const salt = stored.salts[name];
    if (salt) digests[name] = fieldDigest(salt, name, value);
    else if (name in storedDigests)
      digests[name] = storedDigests[name]; // erased: the digest is all there is
    else return null;
  }
  return leafDataOf(entry.kind, digests);
}

export class LogCheck {
  private frontier: Frontier = [];
  private size = 0;
  private readonly problems: LogProblem[] = [];
  private problemCount = 0;
  private readonly roots: SignedRoot[];
  private checkpointsMatch = true;
  private firstMismatch: { from: number; to: number } | null = null;
  private lastMatched = 0;
  /** Leaves whose hash differs from the tree's at their index, to look for elsewhere (reordering). */
  readonly misplaced: {
    leafIndex: number;
    hash: string;
    kind: LeafKind;
    recordId: string;
    stored: boolean;
  }[] = [];

  /** roots: the signed checkpoints, smallest first. */
  constructor(roots: SignedRoot[]) {
    this.roots = [...roots].sort((a, b) => a.size - b.size);
    this.compareAtSize();
  }

  report(p: LogProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }

  /**
   * The next leaf, with its record as stored now (undefined when the record is gone). Leaves must
   * come in index order from 0, with none missing.
   */
  push(leaf: StoredLeaf, record: LogEntry | undefined): void {
    if (leaf.leafIndex !== this.size) {
      // A leaf row is missing: the indices are dense, so the log itself was cut.
      this.report({
        problem: 'removed',
        leafIndex: this.size,
        kind: null,
        recordId: null,
        detail: `leaves ${this.size} to ${leaf.leafIndex - 1} are missing from the log`,
      });
      while (this.size < leaf.leafIndex) this.append(Buffer.alloc(32)); // keeps later indices in place
    }
    const storedData = Buffer.from(leaf.data, 'utf8');
    const storedDataHash = hashLeaf(storedData);
    const where = { leafIndex: leaf.leafIndex, kind: leaf.kind, recordId: leaf.recordId };
    let hash = storedDataHash;
    // One problem per leaf: the log's own rows first, then the record against them.
    const treeDisagrees = leaf.storedHash !== undefined && leaf.storedHash !== storedDataHash.toString('hex');
    if (treeDisagrees) this.misplaced.push({ ...where, hash: storedDataHash.toString('hex'), stored: true });
    if (!record) {
      if (!treeDisagrees) {
        this.report({
          problem: 'removed',
          ...where,
          detail: `the ${leaf.kind} record ${leaf.recordId} is gone`,
        });
      }
    } else {
      const derived = rederive(record, leaf);
      if (!derived || !derived.equals(storedData)) {
        hash = derived ? hashLeaf(derived) : Buffer.alloc(32);
        if (!treeDisagrees) this.misplaced.push({ ...where, hash: hash.toString('hex'), stored: false });
      }
    }
    this.append(hash);
  }

  private append(hash: Buffer): void {
    this.frontier = appendToFrontier(this.frontier, this.size, hash).frontier;
    this.size++;
    this.compareAtSize();
  }

  private compareAtSize(): void {
    for (const r of this.roots) {
      if (r.size !== this.size) continue;
      if (frontierRoot(this.frontier).toString('hex') === r.root) this.lastMatched = r.size;
      else if (this.checkpointsMatch) {
        this.checkpointsMatch = false;
        this.firstMismatch = { from: this.lastMatched, to: r.size };
      }
    }
  }

  /**
   * Ends the check. elsewhere: for each misplaced leaf hash, the index where the stored tree holds
   * it (so a leaf found at another index was reordered, not changed). unlogged: records with no leaf.
   */
  result(elsewhere: Map<string, number>, unlogged: { kind: LeafKind; recordId: string }[]): LogCheckResult {
    for (const m of this.misplaced) {
      const at = elsewhere.get(m.hash);
      const where = { leafIndex: m.leafIndex, kind: m.kind, recordId: m.recordId };
      if (at !== undefined && at !== m.leafIndex) {
        this.report({
          problem: 'reordered',
          ...where,
          detail: `the leaf at ${m.leafIndex} was logged at index ${at}`,
        });
      } else if (m.stored) {
        this.report({
          problem: 'changed',
          ...where,
          detail: `the stored leaf at ${m.leafIndex} does not match the tree`,
        });
      } else {
        this.report({
          problem: 'changed',
          ...where,
          detail: `the ${m.kind} record ${m.recordId} changed after it was logged`,
        });
      }
    }
    for (const u of unlogged) {
      this.report({
        problem: 'unlogged',
        leafIndex: null,
        ...u,
        detail: `the ${u.kind} record ${u.recordId} is not in the log`,
      });
    }
    const beyond = this.roots.filter((r) => r.size > this.size);
    if (beyond.length && this.checkpointsMatch) {
      this.checkpointsMatch = false;
      this.firstMismatch = { from: this.lastMatched, to: beyond[0].size };
    }
    if (!this.checkpointsMatch && this.problemCount === 0 && this.firstMismatch) {
      this.report({
        problem: 'tree',
        leafIndex: null,
        kind: null,
        recordId: null,
        detail: `the log no longer has the root signed at size ${this.firstMismatch.to}: a leaf from ${this.firstMismatch.from} to ${this.firstMismatch.to - 1} was altered`,
      });
    }
    const checkpointSize = this.roots.length ? this.roots[this.roots.length - 1].size : 0;
    // Ordered by leaf index, records without a leaf last.
    this.problems.sort((a, b) => (a.leafIndex ?? Infinity) - (b.leafIndex ?? Infinity));
    return {
      ok: this.problemCount === 0 && this.checkpointsMatch,
      size: this.size,
      checkpointSize,
      checkpointsMatch: this.checkpointsMatch,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }
}
