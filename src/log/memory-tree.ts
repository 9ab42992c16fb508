import { appendToFrontier, Frontier, frontierRoot, hashLeaf, NodeId, NodeReader } from './merkle';

/**
 * A whole tree in memory, kept the way the database keeps it (every complete subtree by level
 * and index). For tests, fixtures and benchmarks; the log itself lives in the database.
 */
export class MemoryTree {
  private readonly levels: Buffer[][] = [];
  private frontier: Frontier = [];
  size = 0;

  static of(leaves: readonly Buffer[]): MemoryTree {
    const tree = new MemoryTree();
    for (const leaf of leaves) tree.append(leaf);
    return tree;
  }

  append(data: Buffer): void {
    this.appendHash(hashLeaf(data));
  }

  appendHash(leafHash: Buffer): void {
    const { frontier, nodes } = appendToFrontier(this.frontier, this.size, leafHash);
    for (const n of nodes) (this.levels[n.level] ??= [])[n.index] = n.hash;
    this.frontier = frontier;
    this.size++;
  }

  node(level: number, index: number): Buffer | undefined {
    return this.levels[level]?.[index];
  }

  root(): Buffer {
    return frontierRoot(this.frontier);
  }

  readonly reader: NodeReader = (ids: readonly NodeId[]) =>
    Promise.resolve(
      ids.map((id) => {
        const hash = this.node(id.level, id.index);
        if (!hash) throw new Error(`no node ${id.level}:${id.index}`);
        return hash;
      }),
    );
}
