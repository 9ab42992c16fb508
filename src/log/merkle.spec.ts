import fc from 'fast-check';
import vectors from './fixtures/merkle-vectors.json';
import { MemoryTree } from './memory-tree';
import {
  consistencyProof,
  EMPTY_ROOT,
  hashLeaf,
  inclusionProof,
  inclusionProofNodes,
  rangeNodes,
  rootAt,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const hex = (s: string) => Buffer.from(s, 'hex');
const leaves = vectors.leafInputs.map(hex);
const roots = vectors.rootHashes.map(hex);
const someHash = hex(vectors.someHash);
const tree = MemoryTree.of(leaves);

const flipBit = (b: Buffer, bit: number) => {
  const copy = Buffer.from(b);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
};

/** The corruptions transparency-dev's verify_test.go probes an inclusion proof with. */
function inclusionProbes(index: number, size: number, proof: Buffer[], root: Buffer, leafHash: Buffer) {
  const probes: [string, number, number, Buffer[], Buffer, Buffer][] = [
    ['index - 1', index - 1, size, proof, root, leafHash],
    ['index + 1', index + 1, size, proof, root, leafHash],
    ['index ^ 2', index ^ 2, size, proof, root, leafHash],
    ['size * 2', index, size * 2, proof, root, leafHash],
    ['size / 2', index, Math.floor(size / 2), proof, root, leafHash],
    ['wrong leaf', index, size, proof, root, Buffer.from('WrongLeaf')],
    ['empty root', index, size, proof, EMPTY_ROOT, leafHash],
    ['random root', index, size, proof, someHash, leafHash],
    ['trailing garbage', index, size, [...proof, Buffer.alloc(0)], root, leafHash],
    ['trailing root', index, size, [...proof, root], root, leafHash],
    ['preceding garbage', index, size, [Buffer.alloc(0), ...proof], root, leafHash],
    ['preceding root', index, size, [root, ...proof], root, leafHash],
  ];
  proof.forEach((_, i) => {
    const wrong = [...proof];
    wrong[i] = flipBit(proof[i], 3);
    probes.push([`proof[${i}] bit 3`, index, size, wrong, root, leafHash]);
  });
  if (proof.length > 0) probes.push(['removed component', index, size, proof.slice(0, -1), root, leafHash]);
  if (proof.length > 1) {
    probes.push(['inserted component', index, size, [proof[0], someHash, ...proof.slice(1)], root, leafHash]);
  }
  return probes;
}

function consistencyProbes(size1: number, size2: number, root1: Buffer, root2: Buffer, proof: Buffer[]) {
  const wrongRoot = Buffer.from('WrongRoot');
  const probes: [string, number, number, Buffer, Buffer, Buffer[]][] = [
    ['size1 - 1', size1 - 1, size2, root1, root2, proof],
    ['size1 + 1', size1 + 1, size2, root1, root2, proof],
    ['size1 ^ 2', size1 ^ 2, size2, root1, root2, proof],
    ['size2 * 2', size1, size2 * 2, root1, root2, proof],
    ['size2 / 2', size1, Math.floor(size2 / 2), root1, root2, proof],
    ['wrong root1', size1, size2, wrongRoot, root2, proof],
    ['wrong root2', size1, size2, root1, wrongRoot, proof],
    ['swapped roots', size1, size2, root2, root1, proof],
    ['empty proof', size1, size2, root1, root2, []],
    ['trailing garbage', size1, size2, root1, root2, [...proof, Buffer.alloc(0)]],
    ['trailing root1', size1, size2, root1, root2, [...proof, root1]],
    ['trailing root2', size1, size2, root1, root2, [...proof, root2]],
    ['preceding garbage', size1, size2, root1, root2, [Buffer.alloc(0), ...proof]],
    ['preceding root1', size1, size2, root1, root2, [root1, ...proof]],
    ['preceding root2', size1, size2, root1, root2, [root2, ...proof]],
    ['preceding proof[0]', size1, size2, root1, root2, [proof[0], ...proof]],
    ['truncated proof', size1, size2, root1, root2, proof.slice(0, -1)],
  ];
  proof.forEach((_, i) => {
    const wrong = [...proof];
    wrong[i] = flipBit(proof[i], 4);
    probes.push([`proof[${i}] bit 4`, size1, size2, root1, root2, wrong]);
  });
  return probes;
}

describe('Merkle tree (RFC 9162 2.1) against the transparency-dev vectors', () => {
  it('hashes every complete subtree as published', () => {
    vectors.nodeHashes.forEach((level, l) =>
      level.forEach((h, i) => expect(tree.node(l, i)?.toString('hex')).toBe(h)),
    );
  });

  it('computes the published root for every size 0..8, from the frontier and from stored nodes', async () => {
    for (let size = 0; size <= leaves.length; size++) {
      expect(MemoryTree.of(leaves.slice(0, size)).root().toString('hex')).toBe(vectors.rootHashes[size]);
      expect((await rootAt(size, tree.reader)).toString('hex')).toBe(vectors.rootHashes[size]);
    }
  });

  it.each(vectors.inclusionProofs)(
    'builds and verifies the published inclusion proof for leaf $leaf of $size',
    async (v) => {
      const index = v.leaf - 1;
      const proof = await inclusionProof(index, v.size, tree.reader);
      expect(proof.map((h) => h.toString('hex'))).toEqual(v.proof);
      const leafHash = hashLeaf(leaves[index]);
      expect(rootFromInclusionProof(index, v.size, leafHash, proof)).toEqual(roots[v.size]);
      expect(verifyInclusion(index, v.size, leafHash, proof, roots[v.size])).toBe(true);
      const accepted = inclusionProbes(index, v.size, proof, roots[v.size], leafHash)
        .filter(([, i, s, p, r, l]) => verifyInclusion(i, s, l, p, r))
        .map(([name]) => name);
      expect(accepted).toEqual([]);
    },
  );

  it.each(vectors.consistencyProofs)(
    'builds and verifies the published consistency proof $size1 → $size2',
    async (v) => {
      const proof = await consistencyProof(v.size1, v.size2, tree.reader);
      expect(proof.map((h) => h.toString('hex'))).toEqual(v.proof);
      expect(verifyConsistency(v.size1, v.size2, roots[v.size1], roots[v.size2], proof)).toBe(true);
      if (proof.length === 0) return;
      const accepted = consistencyProbes(v.size1, v.size2, roots[v.size1], roots[v.size2], proof)
        .filter(([, s1, s2, r1, r2, p]) => verifyConsistency(s1, s2, r1, r2, p))
        .map(([name]) => name);
      expect(accepted).toEqual([]);
    },
  );

  it('refuses inclusion in an empty tree or past its end, and a single leaf proves itself', () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ]) {
      expect(verifyInclusion(index, size, someHash, [], EMPTY_ROOT)).toBe(false);
    }
    const h = hashLeaf(Buffer.from('data'));
    expect(verifyInclusion(0, 1, h, [], h)).toBe(true);
    expect(verifyInclusion(0, 1, Buffer.alloc(0), [], h)).toBe(false);
    expect(verifyInclusion(0, 1, h, [], Buffer.alloc(0))).toBe(false);
  });

  it.each([
    // [size1, size2, root1, root2, proof, valid] as transparency-dev's TestVerifyConsistency.
    ['0 → 0, roots differ', 0, 0, roots[1], roots[2], [], false],
    ['1 → 1, roots differ', 1, 1, roots[1], roots[2], [], false],
    ['0 → 0, same root', 0, 0, roots[1], roots[1], [], true],
    ['0 → 1, anything', 0, 1, roots[1], roots[2], [], true],
    ['1 → 1, same root', 1, 1, roots[2], roots[2], [], true],
    ['1 → 0, back in time', 1, 0, roots[1], roots[2], [], false],
    ['2 → 1, back in time', 2, 1, roots[1], roots[2], [], false],
    ['1 → 2, empty proof', 1, 2, roots[1], roots[2], [], false],
    ['0 → 0, proof not empty', 0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false],
    ['0 → 1, proof not empty', 0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false],
    ['1 → 1, proof not empty', 1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false],
  ] as const)('consistency edge case %s', (_name, s1, s2, r1, r2, proof, valid) => {
    expect(verifyConsistency(s1, s2, r1, r2, [...proof])).toBe(valid);
  });

  it('refuses to build a proof for a leaf outside the tree or from a larger tree', async () => {
    await expect(inclusionProof(8, 8, tree.reader)).rejects.toThrow('not in a tree');
    await expect(consistencyProof(5, 4, tree.reader)).rejects.toThrow('no consistency proof');
  });
});

describe('Merkle tree properties', () => {
  const big = new MemoryTree();
  // The root after each append, from the frontier alone: what rootAt must find from stored nodes.
  const frontierRoots = [big.root()];
  for (let i = 0; i < 2000; i++) {
    big.append(Buffer.from(`leaf ${i}`));
    frontierRoots.push(big.root());
  }

  it('decomposes [0, size) into one complete subtree per set bit of size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (size) => {
        const nodes = rangeNodes(0, size);
        expect(nodes.length).toBe(size.toString(2).replace(/0/g, '').length);
        expect(nodes.reduce((sum, n) => sum + 2 ** n.level, 0)).toBe(size);
      }),
    );
  });

  it('an inclusion proof reads O(log n) nodes even for a trillion leaves', () => {
    expect(inclusionProofNodes(123_456_789_012, 2 ** 40 + 12_345).length).toBeLessThanOrEqual(2 * 41);
  });

  it('every inclusion proof verifies, and any single-bit change of proof, root or leaf is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2000 }).chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1))),
        fc.nat(),
        async ([size, index], bitSeed) => {
          const root = await rootAt(size, big.reader);
          const leafHash = big.node(0, index)!;
          const proof = await inclusionProof(index, size, big.reader);
          expect(verifyInclusion(index, size, leafHash, proof, root)).toBe(true);
          expect(root).toEqual(frontierRoots[size]);
          const bit = bitSeed % 256;
          expect(verifyInclusion(index, size, flipBit(leafHash, bit), proof, root)).toBe(false);
          expect(verifyInclusion(index, size, leafHash, proof, flipBit(root, bit))).toBe(false);
          proof.forEach((_, i) => {
            const wrong = [...proof];
            wrong[i] = flipBit(proof[i], bit);
            expect(verifyInclusion(index, size, leafHash, wrong, root)).toBe(false);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('every consistency proof verifies, and any single-bit change of proof or either root is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2000 }).chain((to) => fc.tuple(fc.nat(to), fc.constant(to))),
        fc.nat(),
        async ([from, to], bitSeed) => {
          const fromRoot = await rootAt(from, big.reader);
          const toRoot = await rootAt(to, big.reader);
          expect([fromRoot, toRoot]).toEqual([frontierRoots[from], frontierRoots[to]]);
          const proof = await consistencyProof(from, to, big.reader);
          expect(verifyConsistency(from, to, fromRoot, toRoot, proof)).toBe(true);
          const bit = bitSeed % 256;
          // From the empty tree every root is consistent: nothing to change but the proof's emptiness.
          if (from > 0)
            expect(verifyConsistency(from, to, flipBit(fromRoot, bit), toRoot, proof)).toBe(false);
          if (from > 0)
            expect(verifyConsistency(from, to, fromRoot, flipBit(toRoot, bit), proof)).toBe(false);
          proof.forEach((_, i) => {
            const wrong = [...proof];
            wrong[i] = flipBit(proof[i], bit);
            expect(verifyConsistency(from, to, fromRoot, toRoot, wrong)).toBe(false);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
