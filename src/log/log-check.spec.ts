import { encodeLeaf, LeafSalts, newSalts } from './leaf';
import { LogCheck, StoredLeaf } from './log-check';
import { LogEntry } from './log-records';
import { MemoryTree } from './memory-tree';
import { hashLeaf } from './merkle';

function makeLog(n: number) {
  const records: LogEntry[] = Array.from({ length: n }, (_, i) => ({
    kind: i % 2 ? 'timeline' : 'audit',
    recordId: `r${i}`,
    fields: { id: `r${i}`, title: `Record ${i}`, at: `2026-01-0${(i % 9) + 1}` },
  }));
  const salts: LeafSalts[] = records.map((r) => newSalts(r.fields));
  const leaves: StoredLeaf[] = records.map((r, i) => {
    const data = encodeLeaf(r.kind, r.fields, salts[i]).data;
    return {
      leafIndex: i,
      kind: r.kind,
      recordId: r.recordId,
      data: data.toString(),
      salts: salts[i],
      storedHash: hashLeaf(data).toString('hex'),
    };
  });
  const tree = MemoryTree.of(leaves.map((l) => Buffer.from(l.data)));
  const rootAt = (size: number) => ({
    size,
    root: MemoryTree.of(leaves.slice(0, size).map((l) => Buffer.from(l.data)))
      .root()
      .toString('hex'),
  });
  return { records, leaves, tree, rootAt };
}

/** Runs the check, answering "where else is this leaf hash?" from the stored leaves as the database would. */
function check(
  leaves: StoredLeaf[],
  records: (LogEntry | undefined)[],
  roots: { size: number; root: string }[],
  unlogged: { kind: 'audit'; recordId: string }[] = [],
) {
  const c = new LogCheck(roots);
  leaves.forEach((l, i) => c.push(l, records[i]));
  const elsewhere = new Map(leaves.filter((l) => l.storedHash).map((l) => [l.storedHash!, l.leafIndex]));
  return c.result(elsewhere, unlogged);
}

describe(LogCheck.name, () => {
  const { records, leaves, rootAt } = makeLog(13);
  const roots = [rootAt(5), rootAt(13)];

  it('finds nothing wrong with an untouched log, and matches every signed root', () => {
    expect(check(leaves, records, roots)).toEqual({
      ok: true,
      size: 13,
      checkpointSize: 13,
      checkpointsMatch: true,
      problems: [],
      problemCount: 0,
    });
  });

  it('names the leaf of a record changed after it was logged', () => {
    const changed = records.map((r, i) => (i === 7 ? { ...r, fields: { ...r.fields, title: 'Edited' } } : r));
    const result = check(leaves, changed, roots);
    expect(result.ok).toBe(false);
    expect(result.checkpointsMatch).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ problem: 'changed', leafIndex: 7, recordId: 'r7' }),
    ]);
  });

  it('names the leaf of a record removed', () => {
    const result = check(
      leaves,
      records.map((r, i) => (i === 3 ? undefined : r)),
      roots,
    );
    expect(result.problems).toEqual([
      expect.objectContaining({ problem: 'removed', leafIndex: 3, kind: 'timeline' }),
    ]);
  });

  it('names both leaves when two leaf rows were swapped', () => {
    const swapped = leaves.map((l, i) =>
      i === 2
        ? { ...leaves[9], leafIndex: 2, salts: l.salts, storedHash: l.storedHash }
        : i === 9
          ? { ...leaves[2], leafIndex: 9, salts: l.salts, storedHash: l.storedHash }
          : l,
    );
    const recs = records.map((r, i) => (i === 2 ? records[9] : i === 9 ? records[2] : r));
    const result = check(swapped, recs, roots);
    expect(result.problems.map((p) => [p.problem, p.leafIndex])).toEqual([
      ['reordered', 2],
      ['reordered', 9],
    ]);
  });

  it('tells when a leaf row is missing from the log', () => {
    const result = check(
      leaves.filter((l) => l.leafIndex !== 4),
      records.filter((_, i) => i !== 4),
      roots,
    );
    expect(result.problems[0]).toEqual(expect.objectContaining({ problem: 'removed', leafIndex: 4 }));
  });

  it('reports a log rewritten consistently (records, leaves and tree) through the signed root alone', () => {
    const rewritten = makeLog(13); // other salts: every leaf and the tree agree with each other, not with the signature
    const result = check(rewritten.leaves, rewritten.records, roots);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ problem: 'tree', leafIndex: null })]);
    expect(result.problems[0].detail).toContain('from 0 to 4');
  });

  it('reports a log shorter than its signed checkpoint, and records with no leaf', () => {
    const result = check(leaves.slice(0, 10), records.slice(0, 10), roots, [
      { kind: 'audit', recordId: '99' },
    ]);
    expect(result.checkpointsMatch).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ problem: 'unlogged', recordId: '99', leafIndex: null }),
    ]);
  });

  it('accepts an erased field (salt gone, digest kept) as unchanged', () => {
    const erased = leaves.map((l, i) => (i === 6 ? { ...l, salts: { ...l.salts, title: undefined! } } : l));
    const recs = records.map((r, i) => (i === 6 ? { ...r, fields: { ...r.fields, title: null } } : r));
    erased[6].salts = Object.fromEntries(Object.entries(erased[6].salts).filter(([k]) => k !== 'title'));
    expect(check(erased, recs, roots).ok).toBe(true);
  });
});
