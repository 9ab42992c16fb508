/**
 * Inclusion paths shared by the rows of one verifiable export (docs/verifiable-record.md,
 * "Verifiable exports"). A reader checks the rows in order; once a row's path has led to the
 * signed root, every subtree hash that path used or computed is known to be right. So each row's
 * path leaves out what the rows before it already gave: a sibling hash the reader already knows,
 * and everything above the first subtree of its own the reader already knows (it stops there).
 *
 * The export writes each row's full RFC 9162 inclusion proof through `SharedPaths.share`, the
 * verifier (scripts/verify.mjs, its own copy of `inclusionSteps`) walks the same steps. Pure.
 *
 * Sizes and indices are plain numbers (exact up to 2^53): the arithmetic is done with division,
 * not with JavaScript's 32-bit operators.
 */

/**
 * Every subtree of the RFC 9162 tree of `size` leaves, numbered once: the subtree of the leaves
 * [lo, hi) is at level ceil(log2(hi - lo)) and lo is a multiple of 2^level, so (level, lo / 2^level)
 * names it, and the levels' numbers follow one another. Fewer than 2 * size + 64 numbers in all.
 */
export class TreeNodes {
  private readonly offsets: number[] = [];
  readonly count: number;

  constructor(readonly size: number) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`a tree of ${size} leaves`);
    let offset = 0;
    for (let width = 1; ; width *= 2) {
      this.offsets.push(offset);
      offset += Math.ceil(size / width);
      if (width >= size) break;
    }
    this.count = offset;
  }

  /** The number of the subtree of leaves [lo, hi). */
  key(lo: number, hi: number): number {
    let level = 0;
    let width = 1;
    while (width < hi - lo) {
      width *= 2;
      level++;
    }
    return this.offsets[level] + lo / width;
  }
}

/** One step of a leaf's path, leaf side first: the subtree reached so far and its sibling. */
export interface InclusionStep {
  node: number;
  sibling: number;
  /** The node is the right child: its sibling is on the left. */
  right: boolean;
}

/**
 * The steps of leaf `index`'s path to the root: one per hash of its RFC 9162 inclusion proof, in
 * the proof's order. The root is `nodes.key(0, size)`.
 */
export function inclusionSteps(nodes: TreeNodes, index: number): InclusionStep[] {
  const { size } = nodes;
  if (!Number.isSafeInteger(index) || index < 0 || index >= size)
    throw new RangeError(`leaf ${index} of ${size}`);
  const steps: InclusionStep[] = [];
  let lo = index;
  for (let width = 1; lo > 0 || width < size; width *= 2) {
    const position = lo / width;
    const right = position % 2 === 1;
    const siblingLo = right ? lo - width : lo + width;
    // The last subtree of a level has no sibling when the level has an odd count: it moves up as is.
    if (siblingLo < size) {
      steps.push({
        node: nodes.key(lo, Math.min(lo + width, size)),
        sibling: nodes.key(siblingLo, Math.min(siblingLo + width, size)),
        right,
      });
    }
    if (right) lo -= width;
  }
  return steps;
}

/** The exporter's side: which hashes of each row's proof the reader does not already hold. */
export class SharedPaths {
  private readonly nodes: TreeNodes;
  private readonly known: Uint8Array;

  constructor(size: number) {
    this.nodes = new TreeNodes(size);
    this.known = new Uint8Array(Math.ceil(this.nodes.count / 8));
    this.mark(this.nodes.key(0, size)); // the reader has the root from the checkpoint
  }

  /**
   * The part of leaf `index`'s full inclusion proof (leaf side first) that a reader of the rows
   * shared so far still needs, in order; the rows must be shared in the order they are written.
   */
  share<T>(index: number, proof: readonly T[]): T[] {
    const steps = inclusionSteps(this.nodes, index);
    if (proof.length !== steps.length)
      throw new RangeError(
        `leaf ${index} of ${this.nodes.size} takes ${steps.length} hashes, not ${proof.length}`,
      );
    const needed: T[] = [];
    const reached: number[] = [];
    for (let i = 0; i < steps.length && !this.has(steps[i].node); i++) {
      if (!this.has(steps[i].sibling)) needed.push(proof[i]);
      reached.push(steps[i].node, steps[i].sibling);
    }
    for (const key of reached) this.mark(key);
    return needed;
  }

  private has(key: number): boolean {
    return (this.known[Math.floor(key / 8)] & (1 << (key % 8))) !== 0;
  }

  private mark(key: number): void {
    this.known[Math.floor(key / 8)] |= 1 << (key % 8);
  }
}
