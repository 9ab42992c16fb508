import {
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router';
import { useCreateCase } from '../api/cases';
import { errorMessages } from '../api/errors';
import { useMemberMatches } from '../api/members';
import type { MemberMatchView, MemberView } from '../api/types';
import { useDirectory } from '../api/users';
import { DateField } from '../ui/DateField';
import { today } from '../ui/dates';
import { ErrorSummary } from '../ui/ErrorSummary';
import { fieldErrors, messagesByField, type FormError } from '../ui/form-errors';
import { ACTION_LABELS, MATCH_REASON_LABELS, options, PRIORITY_LABELS } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import {
  EMPTY_INTAKE,
  INTAKE_FIELDS,
  intakeBody,
  missingIntakeFields,
  type IntakeValues,
} from './intake-form';

type TextKey = {
  [K in keyof IntakeValues]: IntakeValues[K] extends string ? K : never;
}[keyof IntakeValues];
type ChoiceKey =
  'actionType' | 'actionDate' | 'notifiedAt' | 'priority' | 'tags' | 'assigneeId' | 'coordinatorId';

/** /cases/new: intake. Shows possible duplicates while typing; lands on the new case. */
export function NewCasePage() {
  const [v, setValues] = useState<IntakeValues>(EMPTY_INTAKE);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [linked, setLinked] = useState<MemberView | null>(null);
  const create = useCreateCase();
  const directory = useDirectory();
  const navigate = useNavigate();
  const { matches } = useMemberMatches(linked ? {} : v);
  const set = <K extends keyof IntakeValues>(key: K, value: IntakeValues[K]) =>
    setValues((old) => ({ ...old, [key]: value }));
  const byField = fieldErrors(errors);
  const todayDate = today();
  // Each input's id (the error summary links to it), value, change handler and error beside it.
  const text = (key: TextKey) => ({
    id: key,
    value: v[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key, e.currentTarget.value),
    error: byField[key],
  });
  const check = (key: 'consentToContact' | 'consentToResearch') => ({
    id: key,
    checked: v[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.currentTarget.checked),
    error: byField[key],
  });
  const choice = <K extends ChoiceKey>(key: K) => ({
    id: key,
    value: v[key],
    onChange: (x: IntakeValues[K]) => set(key, x),
    error: byField[key],
  });
  const people = (role: string) =>
    (directory.data ?? []).filter((u) => u.role === role).map((u) => ({ value: u.id, label: u.fullName }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing = missingIntakeFields(v);
    setErrors(missing);
    if (missing.length) return;
    create.mutate(intakeBody(v), {
      onSuccess: (c) => {
        // Linked by membership number under another name: say which name was kept.
        for (const w of c.warnings)
          notifications.show({
            title: 'The stored name was kept',
            message: `${w.message} (stored: ${w.storedName}; given: ${w.givenName}).`,
            color: 'yellow',
            autoClose: false,
            closeButtonProps: { 'aria-label': 'Close the message' },
          });
        navigate(`/cases/${c.id}`);
      },
      onError: (err) => setErrors(messagesByField(errorMessages(err), INTAKE_FIELDS)),
    });
  };
  const link = (m: MemberView) => {
    setLinked(m);
    set('memberId', m.id);
  };
  const unlink = () => {
    setLinked(null);
    set('memberId', null);
  };

  return (
    <Stack maw={960}>
      <PageTitle>New case</PageTitle>
      <Text>Full name, Action type, Action date and Notified on are needed; the rest can follow later.</Text>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <Fieldset legend="The member">
            {linked ? (
              <Stack gap="xs">
                <Text>
                  This case is linked to the existing member{' '}
                  <Anchor component={Link} to={`/members/${linked.id}`}>
                    {linked.fullName}
                  </Anchor>
                  {linked.membershipNumber ? ` (${linked.membershipNumber})` : ''}.
                </Text>
                <Button variant="default" onClick={unlink} w="fit-content">
                  Enter a new member instead
                </Button>
              </Stack>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput label="Full name" required autoComplete="off" {...text('fullName')} />
                <TextInput label="Membership number" autoComplete="off" {...text('membershipNumber')} />
                <TextInput label="Email" type="email" autoComplete="off" {...text('email')} />
                <TextInput label="Phone" type="tel" autoComplete="off" {...text('phone')} />
                <TextInput label="Constituency party" {...text('constituencyParty')} />
                <TextInput label="Region" {...text('region')} />
                <Checkbox label="Consent to contact" {...check('consentToContact')} />
                <Checkbox label="Consent to research" {...check('consentToResearch')} />
              </SimpleGrid>
            )}
            <PossibleDuplicates matches={linked ? [] : matches} onLink={link} />
          </Fieldset>

          <Fieldset legend="The disciplinary action">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select label="Action type" required data={options(ACTION_LABELS)} {...choice('actionType')} />
              <TextInput label="Issuing body" {...text('issuingBody')} />
              <DateField label="Action date" required maxDate={todayDate} {...choice('actionDate')} />
              <DateField label="Notified on" required maxDate={todayDate} {...choice('notifiedAt')} />
              <TextInput label="External reference" {...text('externalReference')} />
              <Select
                label="Priority"
                data={options(PRIORITY_LABELS)}
                allowDeselect={false}
                {...choice('priority')}
                onChange={(x) => x && set('priority', x as IntakeValues['priority'])}
              />
            </SimpleGrid>
            <Textarea
              mt="sm"
              label="Allegations"
              description="One allegation a line"
              autosize
              minRows={3}
              {...text('allegations')}
            />
            <Textarea mt="sm" label="Summary" autosize minRows={3} {...text('summary')} />
            <TagsInput mt="sm" label="Tags" description="Press Enter after each tag" {...choice('tags')} />
          </Fieldset>

          <Fieldset legend="Who works on it">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label="Assignee"
                data={people('caseworker')}
                clearable
                searchable
                {...choice('assigneeId')}
              />
              <Select
                label="Coordinator"
                data={people('coordinator')}
                clearable
                searchable
                {...choice('coordinatorId')}
              />
            </SimpleGrid>
          </Fieldset>

          <Group>
            <Button type="submit" loading={create.isPending}>
              Create case
            </Button>
            <Anchor component={Link} to="/cases">
              Cancel
            </Anchor>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** The members that may be this person, found while typing: link the case to one of them instead. */
function PossibleDuplicates({
  matches,
  onLink,
}: {
  matches: MemberMatchView[];
  onLink: (m: MemberView) => void;
}) {
  return (
    <div aria-live="polite">
      {matches.length > 0 && (
        <Paper withBorder p="sm" mt="md" bg="yellow.0" role="region" aria-label="Possible duplicates">
          <Text fw={600}>This may be a member Caseline already knows</Text>
          <Stack gap={6} mt="xs" component="ul" className="plain-list">
            {matches.map((m) => (
              <Group component="li" key={m.id} justify="space-between" wrap="wrap" gap="xs">
                <Text size="sm">
                  <Anchor component={Link} to={`/members/${m.id}`} target="_blank">
                    {m.fullName}
                  </Anchor>
                  {[m.membershipNumber, m.email, m.constituencyParty].filter(Boolean).map((x) => ` · ${x}`)}
                  <Text span size="xs" c="dimmed" display="block">
                    {m.reasons.map((r) => MATCH_REASON_LABELS[r]).join(', ')}
                  </Text>
                </Text>
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => onLink(m)}
                  aria-label={`Link to this member: ${m.fullName}`}
                >
                  Link to this member
                </Button>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
    </div>
  );
}
