/** YYYY-MM-DD `days` from today in the browser's zone (Europe/London). */
export function day(days: number): string {
  return londonDate(new Date(Date.now() + days * 86_400_000));
}

/** The day of an instant in Europe/London (the journeys' browser zone), YYYY-MM-DD. */
export function londonDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
}
