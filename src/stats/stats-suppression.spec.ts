import fc from 'fast-check';
import {
  COUNT_FIELDS,
  CountField,
  determinedCells,
  StatsRow,
  SuppressedRow,
  suppressSmallCells,
  unsuppressed,
} from './stats-suppression';

/** A group from its counts; open = cases − reinstated − closed, as the query counts it. */
function group(
  key: string,
  cases: number,
  { reinstated = 0, closed = 0, upheld = 0, median = null as number | null, decided = 0 } = {},
): StatsRow {
  const open = cases - reinstated - closed;
  if (open < 0 || upheld > open) throw new Error(`impossible group ${key}`);
  return { key, cases, open, reinstated, upheld, closed, medianDaysToDecision: median, decided };
}

/** The table as the tests read it: each group's numbers, "x" small, "c" complementary. */
function shown(rows: SuppressedRow[]): Record<string, (number | 'x' | 'c' | null)[]> {
  return Object.fromEntries(
    rows.map((r) => [
      r.key ?? 'none',
      [...COUNT_FIELDS, 'medianDaysToDecision' as const].map((f) =>
        r.withheld[f] === 'small' ? 'x' : r.withheld[f] === 'complementary' ? 'c' : r[f],
      ),
    ]),
  );
}

describe(suppressSmallCells.name, () => {
  it('leaves a table of large groups and zeros as it is', () => {
    const rows = [
      group('North', 20, { reinstated: 5, closed: 5, upheld: 6, median: 31, decided: 11 }),
      group('South', 12, { reinstated: 0, closed: 6, upheld: 0 }),
    ];
    expect(suppressSmallCells(rows, 5)).toEqual(rows.map(unsuppressed));
  });

  it('withholds every number of a group of fewer than 5 cases, its zeros too', () => {
    const out = suppressSmallCells(
      [
        group('North', 20, { reinstated: 5, closed: 5, upheld: 5, median: 30, decided: 10 }),
        group('South', 20, { reinstated: 5, closed: 5, upheld: 5, median: 40, decided: 10 }),
        group('Wales', 3, { reinstated: 1, median: 12, decided: 1 }),
      ],
      5,
    );
    const wales = out.find((r) => r.key === 'Wales')!;
    expect(wales).toEqual({
      key: 'Wales',
      cases: null,
      open: null,
      reinstated: null,
      upheld: null,
      closed: null,
      medianDaysToDecision: null,
      suppressed: true,
      withheld: {
        cases: 'small',
        open: 'small',
        reinstated: 'small',
        upheld: 'small',
        closed: 'small',
        medianDaysToDecision: 'small',
      },
    });
  });

  it.each<[string, StatsRow[], number, Record<string, (number | 'x' | 'c' | null)[]>]>([
    [
      // One small cell in a row: the row total (cases) would give it back, so the next smallest
      // of its row is withheld too; that one's column total would give it back in turn, so a
      // cell of each column in the other row follows: a cycle no sum can open.
      'a small count in a large group',
      [
        group('North', 30, { reinstated: 2, closed: 8, upheld: 6, median: 20, decided: 8 }),
        group('South', 30, { reinstated: 10, closed: 6, upheld: 6, median: 25, decided: 16 }),
      ],
      5,
      {
        North: [30, 20, 'x', 6, 'c', 20],
        South: [30, 14, 'c', 6, 'c', 25],
      },
    ],
    [
      // Every column of the small group needs a partner in another group, zeros included (a
      // column of zeros but one gives the one back): the smallest group gives them all.
      'a small group among large ones: its column totals would give it back',
      [
        group('North', 10, { reinstated: 5, closed: 5 }),
        group('South', 12, { reinstated: 6, closed: 6 }),
        group('Wales', 2, { closed: 0 }),
      ],
      5,
      {
        North: ['c', 'c', 'c', 'c', 'c', null],
        South: [12, 0, 6, 0, 6, null],
        Wales: ['x', 'x', 'x', 'x', 'x', 'x'],
      },
    ],
    [
      'a small count whose column is otherwise zeros: a zero is withheld with it',
      [group('North', 20, { upheld: 3 }), group('South', 20)],
      5,
      {
        North: [20, 20, 0, 'x', 0, null],
        South: [20, 20, 0, 'c', 0, null],
      },
    ],
    [
      'a threshold of 1 withholds nothing',
      [group('North', 1, { reinstated: 1 }), group('South', 2, { closed: 2 })],
      1,
      { North: [1, 0, 1, 0, 0, null], South: [2, 0, 0, 0, 2, null] },
    ],
    [
      'a median from fewer than 5 decisions in a large group',
      [group('North', 40, { reinstated: 20, closed: 10, median: 33, decided: 4 })],
      5,
      { North: [40, 10, 20, 0, 10, 'x'] },
    ],
    [
      // With one group the column totals are that group: nothing this answer withholds helps.
      'a single group with a small count: the row is withheld as far as it goes',
      [group('North', 40, { reinstated: 2, closed: 10 })],
      5,
      { North: ['c', 'c', 'x', 0, 'c', null] },
    ],
  ])('%s', (_what, rows, minCell, expected) => {
    expect(shown(suppressSmallCells(rows, minCell))).toEqual(expected);
  });

  it('flags exactly the groups with something withheld', () => {
    const out = suppressSmallCells(
      [
        group('A', 30, { reinstated: 10, closed: 10 }),
        group('B', 30, { reinstated: 10, closed: 10 }),
        group('C', 1),
      ],
      5,
    );
    for (const row of out) expect(row.suppressed).toBe(Object.keys(row.withheld).length > 0);
    expect(out.find((r) => r.key === 'C')!.suppressed).toBe(true);
  });
});

describe(determinedCells.name, () => {
  const sum = (...cells: number[]) => cells.map((cell) => ({ cell, coefficient: 1 }));

  it('finds a cell alone in a sum', () => {
    expect(determinedCells([sum(0, 1, 2)], new Set([1]))).toEqual([1]);
  });

  it('finds none of two cells in one sum', () => {
    expect(determinedCells([sum(0, 1, 2)], new Set([1, 2]))).toEqual([]);
  });

  it('finds both of two cells in two independent sums', () => {
    expect(determinedCells([sum(0, 1), sum(1, 2, 3), sum(0, 3)], new Set([0, 1]))).toEqual([0, 1]);
  });

  it('finds none on a cycle (a 2×2 block of a table with its margins)', () => {
    // cells 0 1 / 2 3: rows (0,1), (2,3); columns (0,2), (1,3)
    expect(determinedCells([sum(0, 1), sum(2, 3), sum(0, 2), sum(1, 3)], new Set([0, 1, 2, 3]))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: nothing withheld as small can be worked out from what is shown and the totals.

/**
 * The rank of an integer matrix, by fraction-free elimination in BigInt (independent of the
 * floating-point elimination the implementation uses).
 */
function rank(matrix: bigint[][]): number {
  const m = matrix.map((r) => [...r]);
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (p === -1) continue;
    [m[r], m[p]] = [m[p], m[r]];
    for (let i = 0; i < m.length; i++) {
      if (i === r || m[i][c] === 0n) continue;
      const a = m[r][c];
      const b = m[i][c];
      m[i] = m[i].map((v, k) => v * a - m[r][k] * b);
    }
    r++;
  }
  return r;
}

/**
 * Whether a reader can work out the withheld cell w: with the known numbers moved to the right,
 * the sums over the withheld cells determine w exactly when adding the row e_w to them does not
 * raise their rank.
 */
function derivable(rows: SuppressedRow[], w: { row: number; field: CountField }): boolean {
  const unknown: { row: number; field: CountField }[] = [];
  rows.forEach((r, i) => COUNT_FIELDS.forEach((f) => r[f] === null && unknown.push({ row: i, field: f })));
  const col = (row: number, field: CountField) =>
    unknown.findIndex((u) => u.row === row && u.field === field);
  const equations: bigint[][] = [];
  const add = (terms: [number, CountField, bigint][]) => {
    const e = unknown.map(() => 0n);
    for (const [row, field, k] of terms) {
      const i = col(row, field);
      if (i !== -1) e[i] += k;
    }
    equations.push(e);
  };
  // Each group's total, and each column's total over the groups.
  rows.forEach((_, i) =>
    add([
      [i, 'cases', 1n],
      [i, 'open', -1n],
      [i, 'reinstated', -1n],
      [i, 'closed', -1n],
    ]),
  );
  for (const f of COUNT_FIELDS) add(rows.map((_, i) => [i, f, 1n] as [number, CountField, bigint]));
  const target = unknown.map((u) => (u.row === w.row && u.field === w.field ? 1n : 0n));
  return rank([...equations, target]) === rank(equations);
}

const arbitraryGroup = fc
  .record({
    cases: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 })),
    a: fc.nat(),
    b: fc.nat(),
    c: fc.nat(),
  })
  .map(({ cases, a, b, c }) => {
    const reinstated = a % (cases + 1);
    const closed = b % (cases - reinstated + 1);
    const open = cases - reinstated - closed;
    return { cases, reinstated, closed, upheld: c % (open + 1) };
  });

describe('suppressSmallCells (property)', () => {
  it('withholds every small count, and none of them can be worked out from the rest and the totals', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryGroup, { minLength: 2, maxLength: 7 }),
        fc.integer({ min: 2, max: 6 }),
        (groups, minCell) => {
          const rows = groups.map((g, i) => group(`g${i}`, g.cases, g));
          const out = suppressSmallCells(rows, minCell);
          rows.forEach((row, i) => {
            for (const f of COUNT_FIELDS) {
              const small = (row.cases > 0 && row.cases < minCell) || (row[f] > 0 && row[f] < minCell);
              if (small) {
                expect(out[i][f]).toBeNull();
                expect(out[i].suppressed).toBe(true);
                expect(derivable(out, { row: i, field: f })).toBe(false);
              } else if (out[i][f] !== null) {
                expect(out[i][f]).toBe(row[f]);
              }
            }
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
