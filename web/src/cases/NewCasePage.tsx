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
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCreateCase } from '../api/cases';
import { errorMessages } from '../api/errors';
import { useMemberMatches } from '../api/members';
import type { MemberView } from '../api/types';
import { useDirectory } from '../api/users';
import { DateField } from '../ui/DateField';
import { today } from '../ui/dates';
import { ErrorSummary } from '../ui/ErrorSummary';
import { fieldErrors, messagesByField, type FormError } from '../ui/form-errors';
import { ACTION_LABELS, options, PRIORITY_LABELS } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import {
  EMPTY_INTAKE,
  INTAKE_FIELDS,
  intakeBody,
  missingIntakeFields,
  type IntakeValues,
} from './intake-form';

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
  const people = (role: string) =>
    (directory.data ?? []).filter((u) => u.role === role).map((u) => ({ value: u.id, label: u.fullName }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing = missingIntakeFields(v);
    setErrors(missing);
    if (missing.length) return;
    create.mutate(intakeBody(v), {
      onSuccess: (c) => navigate(`/cases/${c.id}`),
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
                <TextInput
                  id="fullName"
                  label="Full name"
                  required
                  value={v.fullName}
                  onChange={(e) => set('fullName', e.currentTarget.value)}
                  error={byField.fullName}
                  autoComplete="off"
                />
                <TextInput
                  id="membershipNumber"
                  label="Membership number"
                  value={v.membershipNumber}
                  onChange={(e) => set('membershipNumber', e.currentTarget.value)}
                  error={byField.membershipNumber}
                  autoComplete="off"
                />
                <TextInput
                  id="email"
                  label="Email"
                  type="email"
                  value={v.email}
                  onChange={(e) => set('email', e.currentTarget.value)}
                  error={byField.email}
                  autoComplete="off"
                />
                <TextInput
                  id="phone"
                  label="Phone"
                  type="tel"
                  value={v.phone}
                  onChange={(e) => set('phone', e.currentTarget.value)}
                  error={byField.phone}
                  autoComplete="off"
                />
                <TextInput
                  id="constituencyParty"
                  label="Constituency party"
                  value={v.constituencyParty}
                  onChange={(e) => set('constituencyParty', e.currentTarget.value)}
                  error={byField.constituencyParty}
                />
                <TextInput
                  id="region"
                  label="Region"
                  value={v.region}
                  onChange={(e) => set('region', e.currentTarget.value)}
                  error={byField.region}
                />
                <Checkbox
                  id="consentToContact"
                  label="Consent to contact"
                  checked={v.consentToContact}
                  onChange={(e) => set('consentToContact', e.currentTarget.checked)}
                  error={byField.consentToContact}
                />
                <Checkbox
                  id="consentToResearch"
                  label="Consent to research"
                  checked={v.consentToResearch}
                  onChange={(e) => set('consentToResearch', e.currentTarget.checked)}
                  error={byField.consentToResearch}
                />
              </SimpleGrid>
            )}
            <PossibleDuplicates matches={linked ? [] : matches} onLink={link} />
          </Fieldset>

          <Fieldset legend="The disciplinary action">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                id="actionType"
                label="Action type"
                required
                data={options(ACTION_LABELS)}
                value={v.actionType}
                onChange={(x) => set('actionType', x as IntakeValues['actionType'])}
                error={byField.actionType}
              />
              <TextInput
                id="issuingBody"
                label="Issuing body"
                value={v.issuingBody}
                onChange={(e) => set('issuingBody', e.currentTarget.value)}
                error={byField.issuingBody}
              />
              <DateField
                id="actionDate"
                label="Action date"
                required
                maxDate={todayDate}
                value={v.actionDate}
                onChange={(x) => set('actionDate', x)}
                error={byField.actionDate}
              />
              <DateField
                id="notifiedAt"
                label="Notified on"
                required
                maxDate={todayDate}
                value={v.notifiedAt}
                onChange={(x) => set('notifiedAt', x)}
                error={byField.notifiedAt}
              />
              <TextInput
                id="externalReference"
                label="External reference"
                value={v.externalReference}
                onChange={(e) => set('externalReference', e.currentTarget.value)}
                error={byField.externalReference}
              />
              <Select
                id="priority"
                label="Priority"
                data={options(PRIORITY_LABELS)}
                value={v.priority}
                onChange={(x) => x && set('priority', x as IntakeValues['priority'])}
                allowDeselect={false}
                error={byField.priority}
              />
            </SimpleGrid>
            <Textarea
              id="allegations"
              mt="sm"
              label="Allegations"
              description="One allegation a line"
              autosize
              minRows={3}
              value={v.allegations}
              onChange={(e) => set('allegations', e.currentTarget.value)}
              error={byField.allegations}
            />
            <Textarea
              id="summary"
              mt="sm"
              label="Summary"
              autosize
              minRows={3}
              value={v.summary}
              onChange={(e) => set('summary', e.currentTarget.value)}
              error={byField.summary}
            />
            <TagsInput
              id="tags"
              mt="sm"
              label="Tags"
              description="Press Enter after each tag"
              value={v.tags}
              onChange={(x) => set('tags', x)}
              error={byField.tags}
            />
          </Fieldset>

          <Fieldset legend="Who works on it">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                id="assigneeId"
                label="Assignee"
                data={people('caseworker')}
                value={v.assigneeId}
                onChange={(x) => set('assigneeId', x)}
                clearable
                searchable
                error={byField.assigneeId}
              />
              <Select
                id="coordinatorId"
                label="Coordinator"
                data={people('coordinator')}
                value={v.coordinatorId}
                onChange={(x) => set('coordinatorId', x)}
                clearable
                searchable
                error={byField.coordinatorId}
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
function PossibleDuplicates({ matches, onLink }: { matches: MemberView[]; onLink: (m: MemberView) => void }) {
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
                  {[m.membershipNumber, m.email, m.region].filter(Boolean).map((x) => ` · ${x}`)}
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
