import { DateInput, type DateInputProps } from '@mantine/dates';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

const FORMATS = ['YYYY-MM-DD', 'D MMM YYYY', 'D MMMM YYYY', 'D/M/YYYY', 'D.M.YYYY', 'D M YYYY'];

/** A typed date in any common way ("2026-03-01", "1 Mar 2026", "1/3/2026") → YYYY-MM-DD, or null. */
export function parseDate(text: string): string | null {
  const d = dayjs(text.trim(), FORMATS, 'en', true);
  return d.isValid() ? d.format('YYYY-MM-DD') : null;
}

/** Mantine's DateInput that takes dates typed by keyboard as well as picked; values are YYYY-MM-DD. */
export function DateField(props: DateInputProps) {
  return (
    <DateInput
      valueFormat="D MMM YYYY"
      dateParser={parseDate}
      description="For example 1 Mar 2026 or 2026-03-01"
      clearable
      {...props}
    />
  );
}
