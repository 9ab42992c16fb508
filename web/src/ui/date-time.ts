/** A local date (YYYY-MM-DD) and time (HH:mm) as the instant the API takes (ISO 8601, UTC). */
export function localInstant(date: string, time: string): string {
  return new Date(`${date}T${time || '00:00'}`).toISOString();
}

/** An instant as the local date and time a form shows. */
export function localParts(iso: string | null | undefined): { date: string | null; time: string } {
  if (!iso) return { date: null, time: '' };
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}
