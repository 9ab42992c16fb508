import { Badge, Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { Dialog } from '../ui/Dialog';
import { DialogButtons } from '../ui/DialogButtons';
import { useState, type FormEvent } from 'react';
import { useCreateAppeal, useUpdateAppeal, type AppealChange } from '../api/appeals';
import type { AppealView } from '../api/case-types';
import { useAppeals } from '../api/appeals';
import { localInstant, localParts } from '../ui/date-time';
import { formatDate, formatDateTime } from '../ui/labels';
import { Loaded } from '../ui/Loaded';
import { Section } from '../ui/Section';
import { ServerErrors } from '../ui/ServerErrors';
import { appealDateErrors } from './appeal-date-errors';
import {
  AppealFields,
  EMPTY_APPEAL,
  HearingFields,
  type AppealDraft,
  type HearingDraft,
} from './AppealFields';

export function AppealsSection({ caseId, canWrite }: { caseId: string; canWrite: boolean }) {
  const appeals = useAppeals(caseId);
  const [editing, setEditing] = useState<AppealView | 'new' | null>(null);
  const items = appeals.data ?? [];
  return (
    <Section
      id="appeals"
      title="Appeals"
      actions={
        canWrite && (
          <Button size="xs" onClick={() => setEditing('new')}>
            Record an appeal
          </Button>
        )
      }
    >
      <Loaded
        query={appeals}
        loading="Loading the appeals…"
        empty={items.length === 0 ? 'No appeals yet.' : null}
      >
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Appeals" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Lodged</Table.Th>
                <Table.Th scope="col">Appeal body</Table.Th>
                <Table.Th scope="col">Hearing</Table.Th>
                <Table.Th scope="col">Outcome</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatDate(a.lodgedAt)}</Table.Td>
                  <Table.Td>
                    {a.body}
                    {a.grounds && (
                      <Text size="xs" c="gray.7" lineClamp={2}>
                        {a.grounds}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{a.hearingAt ? formatDateTime(a.hearingAt) : '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color={a.outcome === 'pending' ? 'indigo.8' : 'gray.8'}>
                      {a.outcome}
                    </Badge>
                    {a.decidedAt ? ` ${formatDate(a.decidedAt)}` : ''}
                  </Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setEditing(a)}
                        aria-label={`Edit the appeal to ${a.body}`}
                      >
                        Edit
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Loaded>
      {editing && (
        <AppealDialog
          caseId={caseId}
          appeal={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Section>
  );
}

function AppealDialog({
  caseId,
  appeal,
  onClose,
}: {
  caseId: string;
  appeal?: AppealView;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<AppealDraft>(
    appeal ? { lodgedAt: appeal.lodgedAt, body: appeal.body, grounds: appeal.grounds ?? '' } : EMPTY_APPEAL,
  );
  const parts = localParts(appeal?.hearingAt);
  const [hearing, setHearing] = useState<HearingDraft>({ date: parts.date, time: parts.time || '10:00' });
  const create = useCreateAppeal(caseId);
  const update = useUpdateAppeal(caseId);
  const mutation = appeal ? update : create;
  const hearingAt = hearing.date ? localInstant(hearing.date, hearing.time) : null;
  const dateErrors = appealDateErrors(mutation.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!appeal) {
      create.mutate(
        {
          lodgedAt: draft.lodgedAt ?? '',
          body: draft.body,
          ...(draft.grounds.trim() ? { grounds: draft.grounds } : {}),
          ...(hearingAt ? { hearingAt } : {}),
        },
        { onSuccess: onClose },
      );
      return;
    }
    const change: AppealChange & { id: string } = { id: appeal.id, version: appeal.version };
    if (draft.lodgedAt && draft.lodgedAt !== appeal.lodgedAt) change.lodgedAt = draft.lodgedAt;
    if (draft.body !== appeal.body) change.body = draft.body;
    if (draft.grounds !== (appeal.grounds ?? '')) change.grounds = draft.grounds || null;
    if (hearingAt !== (appeal.hearingAt ? new Date(appeal.hearingAt).toISOString() : null))
      change.hearingAt = hearingAt;
    update.mutate(change, { onSuccess: onClose });
  };

  return (
    <Dialog onClose={onClose} title={appeal ? 'Edit the appeal' : 'Record an appeal'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <AppealFields value={draft} onChange={setDraft} lodgedAtError={dateErrors.lodgedAt} />
          <HearingFields value={hearing} onChange={setHearing} dateError={dateErrors.hearingDate} />
          <ServerErrors error={mutation.error} />
          <DialogButtons
            onCancel={onClose}
            submit={appeal ? 'Save the appeal' : 'Record the appeal'}
            busy={mutation.isPending}
          />
        </Stack>
      </form>
    </Dialog>
  );
}
