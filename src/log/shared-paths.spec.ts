import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { MemoryTree } from './memory-tree';
import { hashChildren, hashLeaf, inclusionProof, largestPowerOfTwoBelow } from './merkle';
import { inclusionSteps, SharedPaths, TreeNodes } from './shared-paths';

const treeOf = (size: number) => {
  const data = Array.from({ length: size }, () => randomBytes(8));
  return { data, tree: MemoryTree.of(data) };
};

/** Every subtree of the RFC 9162 tree of leaves [lo, hi): its range, then its children's. */
function subtrees(lo: number, hi: number): [number, number][] {
  if (hi - lo === 1) return [[lo, hi]];
  const k = largestPowerOfTwoBelow(hi - lo);
  return [[lo, hi], ...subtrees(lo, lo + k), ...subtrees(lo + k, hi)];
}

/**
 * A reader of shared paths, with the steps of src/log (scripts/verify.mjs has its own and is
 * checked against these in verify-script.spec.ts): the root a row's path leads to, or null.
 */
function reader(size: number, root: Buffer) {
  const nodes = new TreeNodes(size);
  const known = new Map<number, Buffer>([[nodes.key(0, size), root]]);
  return (index: number, leafHash: Buffer, path: Buffer[]): boolean => {
    const learned: [number, Buffer][] = [];
    let r = leafHash;
    let used = 0;
    let reached = nodes.key(0, size);
    for (const step of inclusionSteps(nodes, index)) {
      if (known.has(step.node)) {
        reached = step.node;
        break;
      }
      const sibling = known.get(step.sibling) ?? path[used++];
      if (!sibling) return false;
      learned.push([step.node, r], [step.sibling, sibling]);
      r = step.right ? hashChildren(sibling, r) : hashChildren(r, sibling);
    }
    if (used !== path.length || !r.equals(known.get(reached)!)) return false;
    for (const [k, h] of learned) known.set(k, h);
    return true;
  };
}

describe(TreeNodes.name, () => {
  it('gives every subtree of a tree its own number, below the count', () => {
    for (let size = 1; size <= 130; size++) {
      const nodes = new TreeNodes(size);
      const keys = subtrees(0, size).map(([lo, hi]) => nodes.key(lo, hi));
      expect(new Set(keys).size).toBe(keys.length);
      expect(Math.max(...keys)).toBeLessThan(nodes.count);
      expect(nodes.count).toBeLessThan(2 * size + 64);
    }
  });
});

describe(inclusionSteps.name, () => {
  it('has one step per hash of the RFC 9162 inclusion proof, leading to the root', async () => {
    for (let size = 1; size <= 40; size++) {
      const { data, tree } = treeOf(size);
      const nodes = new TreeNodes(size);
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(index, size, tree.reader);
        const steps = inclusionSteps(nodes, index);
        expect(steps).toHaveLength(proof.length);
        const root = steps.reduce(
          (r, s, i) => (s.right ? hashChildren(proof[i], r) : hashChildren(r, proof[i])),
          hashLeaf(data[index]),
        );
        expect(root.equals(tree.root())).toBe(true);
      }
    }
  });

  it('refuses a leaf outside the tree', () => {
    expect(() => inclusionSteps(new TreeNodes(4), 4)).toThrow(RangeError);
    expect(() => new TreeNodes(0)).toThrow(RangeError);
  });
});

describe(SharedPaths.name, () => {
  it('gives the first row its whole proof, and a row after it only what is not known yet', async () => {
    const { tree } = treeOf(8);
    const paths = new SharedPaths(8);
    const proof = async (i: number) => inclusionProof(i, 8, tree.reader);
    expect(paths.share(4, await proof(4))).toHaveLength(3);
    // Leaf 5 is leaf 4's sibling: known, nothing to carry.
    expect(paths.share(5, await proof(5))).toEqual([]);
    // Leaf 0: its sibling (leaf 1) and [2, 4) are new; [4, 8) is known, and then the root.
    const zero = await proof(0);
    expect(paths.share(0, zero)).toEqual(zero.slice(0, 2));
    expect(paths.share(0, zero)).toEqual([]);
  });

  it('leads every row of any order to the signed root, with fewer hashes in all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 2000 })
          .chain((size) =>
            fc.tuple(fc.constant(size), fc.array(fc.nat(size - 1), { minLength: 1, maxLength: 60 })),
          ),
        async ([size, rows]) => {
          const { data, tree } = treeOf(size);
          const paths = new SharedPaths(size);
          const read = reader(size, tree.root());
          let full = 0;
          let carried = 0;
          for (const index of rows) {
            const proof = await inclusionProof(index, size, tree.reader);
            const path = paths.share(index, proof);
            full += proof.length;
            carried += path.length;
            expect(read(index, hashLeaf(data[index]), path)).toBe(true);
          }
          expect(carried).toBeLessThanOrEqual(full);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a proof that is not the leaf’s', () => {
    expect(() => new SharedPaths(8).share(3, [Buffer.alloc(32)])).toThrow(RangeError);
  });
});
