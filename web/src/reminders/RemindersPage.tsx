import { Alert, Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCancelReminder } from '../api/reminders';
import { errorMessages } from '../api/errors';
import {
  refreshMyReminders,
  useMyReminders,
  type ReminderRow,
  type ReminderState,
} from '../api/my-reminders';
import { useSession } from '../api/session';
import type { ReminderView } from '../api/case-types';
import { formatDateTime } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import { ReminderDialog } from './RemindersSection';

const TITLES: Record<ReminderState, string> = { scheduled: 'Scheduled', failed: 'Failed', sent: 'Sent' };

/** /reminders — the caller's reminders: scheduled (reschedule, cancel), failed (with the last error), sent. */
export function RemindersPage() {
  const me = useSession().data!.user;
  return (
    <Stack>
      <PageTitle>Reminders</PageTitle>
      <Text>Reminders that go to you, with their delivery attempts. Each links to its case.</Text>
      {(['scheduled', 'failed', 'sent'] as const).map((s) => (
        <ReminderGroup key={s} status={s} userId={me.id} />
      ))}
    </Stack>
  );
}

function ReminderGroup({ status, userId }: { status: ReminderState; userId: string }) {
  const list = useMyReminders(status, userId);
  const [editing, setEditing] = useState<ReminderRow | null>(null);
  return (
    <section aria-labelledby={`reminders-${status}`}>
      <Title order={2} size="h3" id={`reminders-${status}`} mb="xs">
        {TITLES[status]} {list.data ? `(${list.data.length})` : ''}
      </Title>
      {list.isPending && <Loader size="sm" aria-label={`Loading ${status} reminders`} />}
      {list.isError && <Alert color="red">{errorMessages(list.error).join(' ')}</Alert>}
      {list.data?.length === 0 && <Text size="sm">None.</Text>}
      {!!list.data?.length && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-labelledby={`reminders-${status}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Due</Table.Th>
                <Table.Th>Message</Table.Th>
                <Table.Th>Case</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last error</Table.Th>
                {status === 'scheduled' && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.dueAt)}</Table.Td>
                  <Table.Td>{r.message}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${r.caseId}`}>
                      Open the case
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.attempts}</Table.Td>
                  <Table.Td>{r.lastError ?? '—'}</Table.Td>
                  {status === 'scheduled' && (
                    <Table.Td>
                      <Actions r={r} onReschedule={() => setEditing(r)} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <ReminderDialog
          caseId={editing.caseId}
          reminder={editing as unknown as ReminderView}
          onClose={() => {
            setEditing(null);
            void refreshMyReminders();
          }}
        />
      )}
    </section>
  );
}

function Actions({ r, onReschedule }: { r: ReminderRow; onReschedule: () => void }) {
  const cancel = useCancelReminder(r.caseId);
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Button size="xs" variant="default" onClick={onReschedule} aria-label={`Reschedule "${r.message}"`}>
          Reschedule
        </Button>
        <Button
          size="xs"
          variant="default"
          color="red"
          loading={cancel.isPending}
          aria-label={`Cancel "${r.message}"`}
          onClick={() => cancel.mutate(r.id, { onSettled: () => void refreshMyReminders() })}
        >
          Cancel
        </Button>
      </Group>
      {cancel.isError && (
        <Text size="xs" c="red.8" role="alert">
          {errorMessages(cancel.error).join(' ')}
        </Text>
      )}
    </Stack>
  );
}
