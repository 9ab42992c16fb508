import { Badge, Button, Checkbox, Group, Stack, Table, Textarea, VisuallyHidden } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { Dialog } from '../ui/Dialog';
import { DialogButtons } from '../ui/DialogButtons';
import { useState, type FormEvent } from 'react';
import type { Channel, ReminderView } from '../api/case-types';
import { useCancelReminder, useReminders, useSaveReminder } from '../api/reminders';
import { DateField } from '../ui/DateField';
import { today } from '../ui/dates';
import { localInstant, localParts } from '../ui/date-time';
import { formatDateTime } from '../ui/labels';
import { Loaded } from '../ui/Loaded';
import { Section } from '../ui/Section';
import { ServerErrors } from '../ui/ServerErrors';

const CHANNEL_LABELS: Record<Channel, string> = { inapp: 'In the app', email: 'Email', webhook: 'Webhook' };
const KIND_LABELS: Record<string, string> = {
  appeal_deadline: 'Appeal deadline',
  hearing: 'Hearing',
  follow_up: 'Follow-up',
  custom: 'Custom',
};

export function RemindersSection({ caseId }: { caseId: string }) {
  const reminders = useReminders(caseId);
  const cancel = useCancelReminder(caseId);
  const [editing, setEditing] = useState<ReminderView | 'new' | null>(null);
  const items = reminders.data?.items ?? [];
  return (
    <Section
      id="reminders"
      title="Reminders"
      actions={
        <Button size="xs" onClick={() => setEditing('new')}>
          Add a reminder
        </Button>
      }
    >
      <ServerErrors error={cancel.error} title="The reminder was not cancelled" />
      <Loaded
        query={reminders}
        loading="Loading the reminders…"
        empty={items.length === 0 ? 'No reminders.' : null}
      >
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Reminders" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Due</Table.Th>
                <Table.Th scope="col">Message</Table.Th>
                <Table.Th scope="col">Kind</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.dueAt)}</Table.Td>
                  <Table.Td>{r.message}</Table.Td>
                  <Table.Td>
                    {KIND_LABELS[r.kind] ?? r.kind}
                    {r.automatic ? ' (automatic)' : ''}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color={r.status === 'scheduled' ? 'indigo.8' : 'gray.8'}>
                      {r.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {r.status === 'scheduled' && (
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setEditing(r)}
                          aria-label={`Edit reminder: ${r.message}`}
                        >
                          Edit
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          color="red"
                          onClick={() => cancel.mutate(r.id)}
                          aria-label={`Cancel reminder: ${r.message}`}
                        >
                          Cancel
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Loaded>
      {editing && (
        <ReminderDialog
          caseId={caseId}
          reminder={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Section>
  );
}

export function ReminderDialog({
  caseId,
  reminder,
  onClose,
}: {
  caseId: string;
  reminder?: ReminderView;
  onClose: () => void;
}) {
  const parts = localParts(reminder?.dueAt);
  const [date, setDate] = useState<string | null>(parts.date);
  const [time, setTime] = useState(parts.time || '09:00');
  const [message, setMessage] = useState(reminder?.message ?? '');
  const [channels, setChannels] = useState<Channel[]>(reminder?.channels ?? ['inapp']);
  const save = useSaveReminder(caseId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { id: reminder?.id, dueAt: date ? localInstant(date, time) : '', message, channels },
      { onSuccess: onClose },
    );
  };
  return (
    <Dialog onClose={onClose} title={reminder ? 'Edit the reminder' : 'Add a reminder'}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group grow align="flex-start">
            <DateField label="Due date" required minDate={today()} value={date} onChange={setDate} />
            <TimeInput label="Due time" value={time} onChange={(e) => setTime(e.currentTarget.value)} />
          </Group>
          <Textarea
            label="Message"
            required
            autosize
            minRows={2}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
          />
          <Checkbox.Group label="Send by" value={channels} onChange={(v) => setChannels(v as Channel[])}>
            <Group mt={4}>
              {(Object.keys(CHANNEL_LABELS) as Channel[]).map((c) => (
                <Checkbox key={c} value={c} label={CHANNEL_LABELS[c]} />
              ))}
            </Group>
          </Checkbox.Group>
          <ServerErrors error={save.error} />
          <DialogButtons
            onCancel={onClose}
            submit={reminder ? 'Save the reminder' : 'Add the reminder'}
            busy={save.isPending}
            cancel="Close"
          />
        </Stack>
      </form>
    </Dialog>
  );
}
