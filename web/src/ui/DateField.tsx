import { DateInput, type DateInputProps } from '@mantine/dates';
import { parseDate } from './dates';

/** Mantine's DateInput that takes dates typed by keyboard as well as picked; values are YYYY-MM-DD. */
export function DateField(props: DateInputProps) {
  return (
    <DateInput
      valueFormat="D MMM YYYY"
      dateParser={parseDate}
      description="For example 1 Mar 2026 or 2026-03-01"
      clearable
      clearButtonProps={{
        'aria-label': typeof props.label === 'string' ? `Clear ${props.label}` : 'Clear the date',
      }}
      {...props}
    />
  );
}
