import { Alert, Button, Checkbox, Group, List, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, queryClient, unwrap } from '../api/client';
import type { CaseView, Priority } from '../api/types';
import type { DirectoryUser } from '../api/users';
import { options, PRIORITY_LABELS } from '../ui/labels';
import { bulkBody, bulkOutcome, type BulkChange, type BulkOutcome } from './bulk-change';

/** The row's checkbox, named by the case's reference. */
export function SelectCell({
  c,
  selected,
  onToggle,
}: {
  c: CaseView;
  selected: boolean;
  onToggle: () => void;
}) {
  return (
    <Table.Td>
      <Checkbox aria-label={`Select ${c.reference}`} checked={selected} onChange={onToggle} />
    </Table.Td>
  );
}

/** "Select all on this page". */
export function SelectAllHeader({
  ids,
  selected,
  onChange,
}: {
  ids: string[];
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
}) {
  const all = ids.length > 0 && ids.every((id) => selected.has(id));
  const some = ids.some((id) => selected.has(id));
  return (
    <Table.Th>
      <Checkbox
        aria-label="Select all on this page"
        checked={all}
        indeterminate={some && !all}
        onChange={() => onChange(all ? new Set() : new Set(ids))}
      />
    </Table.Th>
  );
}

/** One PATCH per case, in turn, each with the version it was read at; every outcome kept. */
function useBulkChange() {
  return useMutation({
    mutationFn: async ({ cases, change }: { cases: CaseView[]; change: BulkChange }) => {
      const outcomes: BulkOutcome[] = [];
      for (const c of cases) {
        const body = bulkBody(c, change);
        if (!body) {
          outcomes.push(bulkOutcome(c, 'unchanged'));
          continue;
        }
        try {
          await unwrap(api.PATCH('/api/cases/{id}', { params: { path: { id: c.id } }, body: body as never }));
          outcomes.push(bulkOutcome(c, 'changed'));
        } catch (e) {
          outcomes.push(bulkOutcome(c, e));
        }
      }
      return outcomes;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['cases'] }),
  });
}

type Field = BulkChange['kind'];
const FIELD_LABELS: Record<Field, string> = {
  assigneeId: 'Assign caseworker',
  coordinatorId: 'Assign coordinator',
  priority: 'Set priority',
  tag: 'Add tag',
};

/**
 * The action bar over the selected cases of the list: assign a caseworker or coordinator, set the
 * priority or add a tag; then the outcome of each case (a stale version is reported, not retried).
 */
export function BulkActions({
  cases,
  directory,
  onDone,
}: {
  cases: CaseView[];
  directory: DirectoryUser[];
  onDone: (changedIds: string[]) => void;
}) {
  const [field, setField] = useState<Field>('assigneeId');
  const [value, setValue] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const run = useBulkChange();
  const people = (role: string) =>
    directory.filter((u) => u.role === role).map((u) => ({ value: u.id, label: u.fullName }));
  const change: BulkChange | null =
    field === 'tag'
      ? tag.trim()
        ? { kind: 'tag', value: tag }
        : null
      : value
        ? field === 'priority'
          ? { kind: 'priority', value: value as Priority }
          : { kind: field, value }
        : null;
  const apply = () =>
    change &&
    run.mutate(
      { cases, change },
      { onSuccess: (outcomes) => onDone(outcomes.filter((o) => o.ok).map((o) => o.id)) },
    );
  const failed = run.data?.filter((o) => !o.ok) ?? [];
  return (
    <Paper withBorder p="sm" component="section" aria-label="Change the selected cases">
      <Group align="flex-end" wrap="wrap" gap="sm">
        <Text fw={700}>{cases.length} selected</Text>
        <Select
          label="Change"
          data={options(FIELD_LABELS)}
          value={field}
          allowDeselect={false}
          onChange={(v) => {
            setField(v as Field);
            setValue(null);
          }}
          w={200}
        />
        {field === 'tag' ? (
          <TextInput label="Tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} w={180} />
        ) : (
          <Select
            label={field === 'priority' ? 'Priority' : field === 'assigneeId' ? 'Caseworker' : 'Coordinator'}
            data={
              field === 'priority'
                ? options(PRIORITY_LABELS)
                : people(field === 'assigneeId' ? 'caseworker' : 'coordinator')
            }
            value={value}
            onChange={setValue}
            w={220}
          />
        )}
        <Button onClick={apply} disabled={!change || cases.length === 0} loading={run.isPending}>
          Apply to {cases.length} {cases.length === 1 ? 'case' : 'cases'}
        </Button>
      </Group>
      {run.data && (
        <Alert
          mt="sm"
          role={failed.length ? 'alert' : 'status'}
          color={failed.length ? 'red' : 'green'}
          title={`${run.data.length - failed.length} of ${run.data.length} changed`}
        >
          <List size="sm" aria-label="Result per case">
            {run.data.map((o) => (
              <List.Item key={o.id}>{o.text}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Paper>
  );
}
