import {
  Alert,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { Dialog } from '../ui/Dialog';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors';
import { fetchFreshCase, useUpdateCase } from '../api/transitions';
import type { CaseView } from '../api/types';
import { useDirectory } from '../api/users';
import { DateField } from '../ui/DateField';
import { today } from '../ui/dates';
import { ACTION_LABELS, formatDate, options, PRIORITY_LABELS } from '../ui/labels';
import { ServerErrors } from '../ui/ServerErrors';
import {
  CASE_EDIT_LABELS,
  casePatch,
  editValuesOf,
  staleRows,
  type CaseEditField,
  type CaseEditValues,
  type StaleRow,
} from './case-page';

interface Stale {
  theirs: CaseView;
  rows: StaleRow[];
}

/**
 * Edit the case's fields. PATCH sends only what changed, with the version opened. A 409
 * STALE_VERSION reads the case afresh and shows field by field what you changed and what is saved
 * now; "Re-apply my changes" sends your changes again on the new version. Caseworkers do not see
 * the assignment fields: only coordinators and admins may change them.
 */
export function EditCaseDialog({
  c,
  assigns,
  onClose,
}: {
  c: CaseView;
  /** Whether the user may change the assignment (priority, assignee, coordinator, tags). */
  assigns: boolean;
  onClose: () => void;
}) {
  const [base, setBase] = useState<CaseView>(c);
  const [draft, setDraft] = useState<CaseEditValues>(() => editValuesOf(c));
  const [stale, setStale] = useState<Stale | null>(null);
  const save = useUpdateCase(c.id);
  const directory = useDirectory();
  const set = <K extends CaseEditField>(k: K, v: CaseEditValues[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const people = (role: string) =>
    (directory.data ?? []).filter((u) => u.role === role).map((u) => ({ value: u.id, label: u.fullName }));
  const nameOf = (id: unknown) =>
    directory.data?.find((u) => u.id === id)?.fullName ?? (id ? String(id) : 'nobody');

  const show = (field: CaseEditField, value: unknown): string => {
    if (value === undefined) return 'not changed';
    if (Array.isArray(value)) return value.length ? value.join('; ') : '(none)';
    if (field === 'actionType') return ACTION_LABELS[value as keyof typeof ACTION_LABELS] ?? String(value);
    if (field === 'priority') return PRIORITY_LABELS[value as keyof typeof PRIORITY_LABELS] ?? String(value);
    if (field === 'actionDate' || field === 'notifiedAt') return formatDate(String(value));
    if (field === 'assigneeId' || field === 'coordinatorId') return nameOf(value);
    return value === '' || value === null ? '(empty)' : String(value);
  };

  const send = (onto: CaseView) => {
    const patch = casePatch(editValuesOf(base), draft);
    if (!Object.keys(patch).length) return onClose();
    save.mutate({ ...patch, version: onto.version } as never, {
      onSuccess: onClose,
      onError: async (e) => {
        if (e instanceof ApiError && e.code === 'STALE_VERSION') {
          const theirs = await fetchFreshCase(c.id);
          setStale({ theirs, rows: staleRows(editValuesOf(base), draft, editValuesOf(theirs)) });
        }
      },
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    send(base);
  };

  const reapply = () => {
    if (!stale) return;
    // Your changes, on top of what is saved now.
    const mine = casePatch(editValuesOf(base), draft);
    const next = { ...editValuesOf(stale.theirs), ...pick(draft, Object.keys(mine) as CaseEditField[]) };
    setBase(stale.theirs);
    setDraft(next);
    setStale(null);
    save.reset();
    save.mutate({ ...casePatch(editValuesOf(stale.theirs), next), version: stale.theirs.version } as never, {
      onSuccess: onClose,
    });
  };

  const discard = () => {
    if (!stale) return;
    setBase(stale.theirs);
    setDraft(editValuesOf(stale.theirs));
    setStale(null);
    save.reset();
  };

  return (
    <Dialog onClose={onClose} title="Edit the case" size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          {stale && (
            <Alert
              color="red"
              variant="outline"
              title="Someone else changed this case meanwhile"
              role="alert"
            >
              <Stack gap="sm">
                <Text size="sm">
                  Nothing of yours was saved. Here is, field by field, what you changed and what is saved now.
                </Text>
                <Table withTableBorder aria-label="What changed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Field</Table.Th>
                      <Table.Th scope="col">Yours</Table.Th>
                      <Table.Th scope="col">Saved now</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {stale.rows.map((r) => (
                      <Table.Tr key={r.field}>
                        <Table.Th scope="row">{CASE_EDIT_LABELS[r.field]}</Table.Th>
                        <Table.Td>{show(r.field, r.yours)}</Table.Td>
                        <Table.Td>
                          {show(r.field, r.theirs)}
                          {r.changedByOthers && (
                            <Text span size="xs" fw={700}>
                              {' '}
                              (changed by someone else)
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Group>
                  <Button onClick={reapply} loading={save.isPending}>
                    Re-apply my changes
                  </Button>
                  <Button variant="default" onClick={discard}>
                    Discard my changes
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {!stale && <ServerErrors error={save.error} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label="Action type"
              data={options(ACTION_LABELS)}
              value={draft.actionType}
              onChange={(x) => x && set('actionType', x)}
              allowDeselect={false}
            />
            <TextInput
              label="Issuing body"
              value={draft.issuingBody}
              onChange={(e) => set('issuingBody', e.currentTarget.value)}
            />
            <DateField
              label="Action date"
              maxDate={today()}
              clearable={false}
              value={draft.actionDate}
              onChange={(x) => x && set('actionDate', x)}
            />
            <DateField
              label="Notified on"
              description="Moves the appeal deadline"
              maxDate={today()}
              clearable={false}
              value={draft.notifiedAt}
              onChange={(x) => x && set('notifiedAt', x)}
            />
            <TextInput
              label="External reference"
              value={draft.externalReference}
              onChange={(e) => set('externalReference', e.currentTarget.value)}
            />
            {assigns && (
              <>
                <Select
                  label="Priority"
                  data={options(PRIORITY_LABELS)}
                  value={draft.priority}
                  onChange={(x) => x && set('priority', x)}
                  allowDeselect={false}
                />
                <Select
                  label="Assignee"
                  data={people('caseworker')}
                  value={draft.assigneeId}
                  onChange={(x) => set('assigneeId', x)}
                  clearable
                  searchable
                />
                <Select
                  label="Coordinator"
                  data={people('coordinator')}
                  value={draft.coordinatorId}
                  onChange={(x) => set('coordinatorId', x)}
                  clearable
                  searchable
                />
              </>
            )}
          </SimpleGrid>
          <Textarea
            label="Allegations"
            description="One allegation a line"
            autosize
            minRows={2}
            value={draft.allegations}
            onChange={(e) => set('allegations', e.currentTarget.value)}
          />
          <Textarea
            label="Summary"
            autosize
            minRows={3}
            value={draft.summary}
            onChange={(e) => set('summary', e.currentTarget.value)}
          />
          {assigns && (
            <TagsInput
              label="Tags"
              description="Press Enter after each tag"
              value={draft.tags}
              onChange={(x) => set('tags', x)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={Boolean(stale)}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

function pick(v: CaseEditValues, fields: CaseEditField[]): Partial<CaseEditValues> {
  return Object.fromEntries(fields.map((f) => [f, v[f]])) as Partial<CaseEditValues>;
}
