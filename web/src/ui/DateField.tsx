import { DateInput, type DateInputProps } from '@mantine/dates';
import { parseDate } from './dates';

const CALENDAR_LABELS = {
  monthLevelControl: 'Choose a month',
  yearLevelControl: 'Choose a year',
  nextMonth: 'Next month',
  previousMonth: 'Previous month',
  nextYear: 'Next year',
  previousYear: 'Previous year',
  nextDecade: 'Next decade',
  previousDecade: 'Previous decade',
};

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
      // The calendar's own controls named, days of other months left out (axe: button-name, contrast).
      ariaLabels={CALENDAR_LABELS}
      hideOutsideDates
      {...props}
    />
  );
}
