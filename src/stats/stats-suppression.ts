/**
 * Small-cell suppression of the summary statistics a researcher sees (PRODUCT.md, "Small
 * numbers"). Pure: plain numbers in, the same table with some numbers withheld out.
 *
 * Primary suppression — a number that would single out fewer than `minCell` people:
 * - a group with 1 to minCell−1 cases: every number of the group (its zeros too: "none of the
 *   3 members in Wales was reinstated" says something about each of them);
 * - in a larger group, each count from 1 to minCell−1 (a zero is shown);
 * - a median of days to decision worked out from fewer than minCell decisions (and a small group's
 *   median even when it has none).
 *
 * Complementary suppression — what a reader can add up must not give a withheld count back:
 * - each group's cases = open + reinstated + closed (open counts every case neither reinstated
 *   nor closed), so the group's cases are its total;
 * - each column's total over the groups is taken as known: the same cases grouped another way
 *   (the statistics page shows four groupings side by side) may show it.
 * Other numbers are withheld, the smallest first (a zero only when nothing else will do), until
 * linear algebra over these sums finds no withheld count that is determined. An upheld case is
 * counted in open too, but "upheld ≤ open" only bounds a number, never gives it.
 *
 * What this cannot do: with a single group the column totals are that group's own numbers, so
 * they reveal a small count whatever this answer withholds; and sums across differently
 * filtered answers (North minus North-without-expulsions) are not tracked. Both are the limits
 * of any suppression applied one answer at a time.
 */

export const COUNT_FIELDS = ['cases', 'open', 'reinstated', 'upheld', 'closed'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];
export type StatsField = CountField | 'medianDaysToDecision';

/** Why a number is withheld: it is itself small, or it would let a small one be worked out. */
export type WithheldReason = 'small' | 'complementary';

export interface StatsRow {
  key: string | null;
  cases: number;
  open: number;
  reinstated: number;
  upheld: number;
  closed: number;
  medianDaysToDecision: number | null;
  /** How many decisions the median was worked out from. */
  decided: number;
}

export interface SuppressedRow {
  key: string | null;
  cases: number | null;
  open: number | null;
  reinstated: number | null;
  upheld: number | null;
  closed: number | null;
  medianDaysToDecision: number | null;
  /** Whether any number of the group is withheld. */
  suppressed: boolean;
  withheld: Partial<Record<StatsField, WithheldReason>>;
}

/** A row as it is when nothing needs withholding (a coordinator's statistics). */
export function unsuppressed(row: StatsRow): SuppressedRow {
  const { decided: _decided, ...numbers } = row;
  return { ...numbers, suppressed: false, withheld: {} };
}

/** The fields of the row sum: cases = open + reinstated + closed. */
const ROW_SUM: { field: CountField; sign: number }[] = [
  { field: 'cases', sign: 1 },
  { field: 'open', sign: -1 },
  { field: 'reinstated', sign: -1 },
  { field: 'closed', sign: -1 },
];

/** A cell is a group's count: index = row × COUNT_FIELDS.length + field. */
type Cell = number;

/** The sums a reader can form: each is Σ coefficient × cell = a number the reader knows. */
function relations(rows: StatsRow[]): { cell: Cell; coefficient: number }[][] {
  const width = COUNT_FIELDS.length;
  const index = (r: number, f: CountField) => r * width + COUNT_FIELDS.indexOf(f);
  const sums: { cell: Cell; coefficient: number }[][] = [];
  rows.forEach((_, r) =>
    sums.push(ROW_SUM.map(({ field, sign }) => ({ cell: index(r, field), coefficient: sign }))),
  );
  for (const f of COUNT_FIELDS) sums.push(rows.map((_, r) => ({ cell: index(r, f), coefficient: 1 })));
  return sums;
}

/**
 * The withheld cells whose value the sums determine: the sums restricted to the withheld cells
 * (everything else is known and moves to the right-hand side) are brought to reduced row echelon
 * form; a cell is determined when its pivot row has nothing in any free column.
 */
export function determinedCells(
  sums: { cell: Cell; coefficient: number }[][],
  withheld: ReadonlySet<Cell>,
): Cell[] {
  const unknowns = [...withheld].sort((a, b) => a - b);
  if (unknowns.length === 0) return [];
  const column = new Map(unknowns.map((c, i) => [c, i]));
  const matrix: number[][] = [];
  for (const sum of sums) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const { cell, coefficient } of sum) {
      const i = column.get(cell);
      if (i !== undefined) {
        row[i] += coefficient;
        any = true;
      }
    }
    if (any) matrix.push(row);
  }
  // Coefficients are small integers and the eliminations few: exact enough in doubles with a
  // tolerance, and every value is rounded back to an integer ratio's neighbourhood.
  const EPS = 1e-9;
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < unknowns.length && rank < matrix.length; col++) {
    let best = rank;
    for (let r = rank + 1; r < matrix.length; r++) {
      if (Math.abs(matrix[r][col]) > Math.abs(matrix[best][col])) best = r;
    }
    if (Math.abs(matrix[best][col]) < EPS) continue;
    [matrix[rank], matrix[best]] = [matrix[best], matrix[rank]];
    const pivot = matrix[rank][col];
    for (let k = col; k < unknowns.length; k++) matrix[rank][k] /= pivot;
    for (let r = 0; r < matrix.length; r++) {
      if (r === rank || Math.abs(matrix[r][col]) < EPS) continue;
      const factor = matrix[r][col];
      for (let k = col; k < unknowns.length; k++) matrix[r][k] -= factor * matrix[rank][k];
    }
    pivots.push(col);
    rank++;
  }
  const isPivot = new Set(pivots);
  const determined: Cell[] = [];
  pivots.forEach((col, r) => {
    const free = matrix[r].some((v, k) => k !== col && !isPivot.has(k) && Math.abs(v) > EPS);
    if (!free) determined.push(unknowns[col]);
  });
  return determined;
}

/**
 * The table a researcher may see: small numbers withheld (`null`, `suppressed: true`, and the
 * reason per field), then as many others as it takes for no sum to give one back.
 */
export function suppressSmallCells(rows: StatsRow[], minCell: number): SuppressedRow[] {
  const width = COUNT_FIELDS.length;
  const value = (cell: Cell) => rows[Math.floor(cell / width)][COUNT_FIELDS[cell % width]];
  const small = (n: number) => n > 0 && n < minCell;
  const reasons = new Map<Cell, WithheldReason>();
  rows.forEach((row, r) => {
    COUNT_FIELDS.forEach((f, i) => {
      if (small(row.cases) || small(row[f])) reasons.set(r * width + i, 'small');
    });
  });

  const sums = relations(rows);
  for (;;) {
    const withheld = new Set(reasons.keys());
    const determined = determinedCells(sums, withheld);
    if (!determined.some((c) => reasons.get(c) === 'small')) break;
    // Withhold one more cell of a sum that holds a determined one: the smallest, a zero last.
    const touched = new Set(determined);
    let choice: Cell | undefined;
    for (const sum of sums) {
      if (!sum.some(({ cell }) => touched.has(cell))) continue;
      for (const { cell } of sum) {
        if (withheld.has(cell)) continue;
        if (
          choice === undefined ||
          rank(value(cell)) < rank(value(choice)) ||
          (rank(value(cell)) === rank(value(choice)) && cell < choice)
        ) {
          choice = cell;
        }
      }
    }
    // Nothing left to withhold: only the totals themselves give it away (a single group).
    if (choice === undefined) break;
    reasons.set(choice, 'complementary');
  }

  return rows.map((row, r) => {
    const out = unsuppressed(row);
    COUNT_FIELDS.forEach((f, i) => {
      const reason = reasons.get(r * width + i);
      if (!reason) return;
      out[f] = null;
      out.withheld[f] = reason;
    });
    // A small group's median is withheld even when there is none: "no decision yet" is about each of them.
    if (small(row.cases) || (row.medianDaysToDecision !== null && row.decided < minCell)) {
      out.medianDaysToDecision = null;
      out.withheld.medianDaysToDecision = 'small';
    }
    out.suppressed = Object.keys(out.withheld).length > 0;
    return out;
  });
}

/** A zero ranks after every other number: withholding it hides least but protects least too. */
function rank(n: number): number {
  return n === 0 ? Number.MAX_SAFE_INTEGER : n;
}
