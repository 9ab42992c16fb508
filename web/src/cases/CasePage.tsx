import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAppeals } from '../api/appeals';
import { useCase } from '../api/cases';
import { errorMessages } from '../api/errors';
import { useSession } from '../api/session';
import type { CaseStatus, CaseView } from '../api/types';
import { useDirectory } from '../api/users';
import { AppealsSection } from '../appeals/AppealsSection';
import { EvidenceSection } from '../evidence/EvidenceSection';
import { RemindersSection } from '../reminders/RemindersSection';
import { TimelineSection } from '../timeline/TimelineSection';
import { today } from '../ui/dates';
import { ACTION_LABELS, formatDate, PRIORITY_LABELS, STATUS_LABELS } from '../ui/labels';
import { DetailList } from '../ui/DetailList';
import { mayAssign, mayRecord } from '../ui/nav';
import { PageTitle } from '../ui/PageTitle';
import { Section } from '../ui/Section';
import { deadlineCountdown, transitionVerb } from './case-page';
import { EditCaseDialog } from './EditCaseDialog';
import { HistorySection } from './HistorySection';
import { TransitionDialog } from './TransitionDialog';

/**
 * /cases/:id — the case: header (reference, member, status, appeal deadline countdown), the moves
 * the server allows next (each a dialog asking what its guard needs), the case's fields (edited
 * with the version read), then timeline, appeals, evidence, reminders and history.
 */
export function CasePage() {
  const { id } = useParams<{ id: string }>();
  const c = useCase(id!);
  const role = useSession().data?.user.role;
  // Appeals, evidence uploads and timeline entries: caseworkers, coordinators and admins write them.
  const writes = mayRecord(role);
  if (c.isPending) return <Loader aria-label="Loading the case" />;
  if (c.isError)
    return (
      <Alert color="red" title="The case could not be shown">
        {errorMessages(c.error).join(' ')}
      </Alert>
    );
  return (
    <Stack gap="lg">
      <CaseHeader c={c.data} />
      <CaseDetails c={c.data} />
      <TimelineSection caseId={c.data.id} canWrite={writes} />
      <AppealsSection caseId={c.data.id} canWrite={writes} />
      <EvidenceSection caseId={c.data.id} canUpload={writes} />
      <RemindersSection caseId={c.data.id} />
      <HistorySection caseId={c.data.id} />
    </Stack>
  );
}

function CaseHeader({ c }: { c: CaseView }) {
  const appeals = useAppeals(c.id);
  const [moving, setMoving] = useState<CaseStatus | null>(null);
  const pending = appeals.data?.find((a) => a.outcome === 'pending') ?? null;
  const countdown = deadlineCountdown(c.appealDeadline, today());
  const overdue = countdown.startsWith('overdue');
  return (
    <Stack gap="sm">
      <PageTitle>{`Case ${c.reference}`}</PageTitle>
      <Group gap="lg" wrap="wrap">
        <Text>
          Member:{' '}
          <Anchor component={Link} to={`/members/${c.memberId}`}>
            {c.member.fullName}
          </Anchor>
        </Text>
        <Group gap={6}>
          <Text>Status:</Text>
          <Badge size="lg" variant="light" data-testid="case-status">
            {STATUS_LABELS[c.status]}
          </Badge>
        </Group>
        <Text>
          Appeal deadline: {formatDate(c.appealDeadline)}{' '}
          <Text span fw={700} c={overdue ? 'red.8' : undefined}>
            ({countdown})
          </Text>
        </Text>
      </Group>
      <Group gap="xs" role="group" aria-label="Next steps">
        {c.allowedTransitions.length === 0 ? (
          <Text size="sm">No further step: this case is {STATUS_LABELS[c.status].toLowerCase()}.</Text>
        ) : (
          c.allowedTransitions.map((to) => (
            <Button key={to} variant={to === 'closed' ? 'default' : 'filled'} onClick={() => setMoving(to)}>
              {transitionVerb(c.status, to, STATUS_LABELS[to])}
            </Button>
          ))
        )}
      </Group>
      {moving && (
        <TransitionDialog c={c} to={moving} pendingAppeal={pending} onClose={() => setMoving(null)} />
      )}
    </Stack>
  );
}

function CaseDetails({ c }: { c: CaseView }) {
  const role = useSession().data?.user.role;
  const [editing, setEditing] = useState(false);
  const directory = useDirectory();
  const nameOf = (id: string | null) =>
    id ? (directory.data?.find((u) => u.id === id)?.fullName ?? '—') : 'Nobody';
  const rows: [string, string][] = [
    ['Action type', ACTION_LABELS[c.actionType]],
    ['Action date', formatDate(c.actionDate)],
    ['Notified on', formatDate(c.notifiedAt)],
    ['Issuing body', c.issuingBody ?? '—'],
    ['External reference', c.externalReference ?? '—'],
    ['Priority', PRIORITY_LABELS[c.priority]],
    ['Assignee', nameOf(c.assigneeId)],
    ['Coordinator', nameOf(c.coordinatorId)],
    ['Tags', c.tags.join(', ') || '—'],
    ['Allegations', c.allegations.join('; ') || '—'],
  ];
  return (
    <Section
      id="details"
      title="Details"
      actions={
        <Button size="xs" variant="default" onClick={() => setEditing(true)}>
          Edit the case
        </Button>
      }
    >
      <DetailList rows={rows} cols={{ base: 1, sm: 2, md: 3 }} />
      {c.summary && (
        <Text style={{ whiteSpace: 'pre-wrap' }}>
          <Text span c="gray.7" size="sm">
            Summary:{' '}
          </Text>
          {c.summary}
        </Text>
      )}
      {editing && <EditCaseDialog c={c} assigns={mayAssign(role)} onClose={() => setEditing(false)} />}
    </Section>
  );
}
