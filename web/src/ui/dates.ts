import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

const FORMATS = [
  'YYYY-MM-DD',
  'D MMM YYYY',
  'D MMMM YYYY',
  'D/M/YYYY',
  'DD/MM/YYYY',
  'D.M.YYYY',
  'DD.MM.YYYY',
  'D M YYYY',
];

/** A typed date in any common way ("2026-03-01", "1 Mar 2026", "1/3/2026") → YYYY-MM-DD, or null. */
export function parseDate(text: string): string | null {
  const d = dayjs(text.trim(), FORMATS, 'en', true);
  return d.isValid() ? d.format('YYYY-MM-DD') : null;
}

/** Today in the user's time zone, YYYY-MM-DD (deadlines and "not in the future" are calendar dates). */
export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}
