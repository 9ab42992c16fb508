/** CL-YYYY-NNNN: the year of intake and a per-year sequence, zero-padded to at least 4 digits. */
export function formatReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`bad year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad sequence ${sequence}`);
  return `CL-${year}-${String(sequence).padStart(4, '0')}`;
}

const REFERENCE = /^CL-(\d{4})-(\d{4,})$/;

export function parseReference(reference: string): { year: number; sequence: number } | null {
  const m = REFERENCE.exec(reference);
  if (!m) return null;
  const sequence = Number(m[2]);
  return sequence >= 1 ? { year: Number(m[1]), sequence } : null;
}
