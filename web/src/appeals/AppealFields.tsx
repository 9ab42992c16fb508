import { Group, Textarea, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { DateField } from '../ui/DateField';
import { today } from '../ui/dates';

export interface AppealDraft {
  lodgedAt: string | null;
  body: string;
  grounds: string;
}
export const EMPTY_APPEAL: AppealDraft = { lodgedAt: null, body: '', grounds: '' };

/** Lodged on, Appeal body, Grounds: what recording an appeal asks for. */
export function AppealFields({
  value,
  onChange,
  lodgedAtError,
}: {
  value: AppealDraft;
  onChange: (v: AppealDraft) => void;
  /** The server's refusal of this date beside it (e.g. after the hearing). */
  lodgedAtError?: string;
}) {
  return (
    <>
      <DateField
        label="Lodged on"
        required
        maxDate={today()}
        error={lodgedAtError}
        value={value.lodgedAt}
        onChange={(x) => onChange({ ...value, lodgedAt: x })}
      />
      <TextInput
        label="Appeal body"
        description="Who hears the appeal"
        required
        value={value.body}
        onChange={(e) => onChange({ ...value, body: e.currentTarget.value })}
      />
      <Textarea
        label="Grounds"
        autosize
        minRows={2}
        value={value.grounds}
        onChange={(e) => onChange({ ...value, grounds: e.currentTarget.value })}
      />
    </>
  );
}

export interface HearingDraft {
  date: string | null;
  time: string;
}

/** Hearing date and Hearing time (local), side by side. */
export function HearingFields({
  value,
  onChange,
  required,
  dateError,
}: {
  value: HearingDraft;
  onChange: (v: HearingDraft) => void;
  required?: boolean;
  /** The server's refusal of the hearing date beside it (e.g. before the lodging). */
  dateError?: string;
}) {
  return (
    <Group grow align="flex-start">
      <DateField
        label="Hearing date"
        required={required}
        error={dateError}
        value={value.date}
        onChange={(x) => onChange({ ...value, date: x })}
      />
      <TimeInput
        label="Hearing time"
        description="24-hour, for example 14:30"
        value={value.time}
        onChange={(e) => onChange({ ...value, time: e.currentTarget.value })}
      />
    </Group>
  );
}
