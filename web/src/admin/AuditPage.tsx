import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import {
  useAuditPage,
  useLatestCheckpoint,
  useUsers,
  useVerifyChain,
  type AuditQuery,
  type ChainCheck,
  type Checkpoint,
} from '../api/admin';
import { formatDateTime } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import { ServerErrors } from '../ui/ServerErrors';
import {
  auditQueryOf,
  chainVerdict,
  detailsText,
  FILTER_KEYS,
  KNOWN_ACTIONS,
  PAGE_SIZE,
  type FilterKey,
} from './audit-query';

const LABELS: Record<FilterKey, string> = {
  actorId: 'Actor',
  action: 'Action',
  entityType: 'Entity type',
  entityId: 'Entity id',
  from: 'From (date or time)',
  to: 'To (date or time)',
};

/** Admin: the audit trail, filtered and paged by the server; the filters and page live in the URL. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const query: AuditQuery = auditQueryOf(params);
  const page = useAuditPage(query);
  const users = useUsers();
  const names = new Map((users.data ?? []).map((u) => [u.id, u.fullName]));
  const [draft, setDraft] = useState(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<FilterKey, string>,
  );
  const verify = useVerifyChain();

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next);
  };
  const goTo = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    setParams(next);
  };
  // The page shown (while the next one loads, the previous stays on screen and is what we describe).
  const current = page.data?.page ?? 1;
  const pages = page.data ? Math.max(1, Math.ceil(page.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack>
      <PageTitle>Audit trail</PageTitle>
      <Paper withBorder p="md" component="section" aria-label="Chain check">
        <Group>
          <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
            Verify the chain
          </Button>
          <div role="status">{verify.data && <ChainResult check={verify.data} />}</div>
        </Group>
        <ServerErrors error={verify.error} title="The chain could not be checked" />
      </Paper>
      <LatestCheckpoint />
      <form onSubmit={apply} aria-label="Filters">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NativeSelect
            label={LABELS.actorId}
            data={[
              { value: '', label: 'Anyone' },
              ...(users.data ?? []).map((u) => ({ value: u.id, label: `${u.fullName} (${u.email})` })),
            ]}
            value={draft.actorId}
            onChange={(e) => setDraft((d) => ({ ...d, actorId: e.currentTarget.value }))}
          />
          {FILTER_KEYS.filter((k) => k !== 'actorId').map((k) => (
            <TextInput
              key={k}
              label={LABELS[k]}
              placeholder={
                k === 'action' ? 'access.denied' : k === 'from' || k === 'to' ? '2026-01-31' : undefined
              }
              description={
                k === 'action' ? 'Suggestions as you type; access.denied lists refused requests' : undefined
              }
              list={k === 'action' ? 'audit-actions' : undefined}
              value={draft[k]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setDraft((d) => ({ ...d, [k]: value }));
              }}
            />
          ))}
        </SimpleGrid>
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <Group mt="sm">
          <Button type="submit">Apply the filters</Button>
        </Group>
      </form>
      <ServerErrors error={page.error} title="The audit trail could not be loaded" />
      {page.data && (
        <>
          <Text role="status">
            {page.data.total.toLocaleString('en-GB')} {page.data.total === 1 ? 'entry' : 'entries'} · page{' '}
            {current.toLocaleString('en-GB')} of {pages.toLocaleString('en-GB')}
          </Text>
          <Table.ScrollContainer minWidth={800}>
            <Table striped aria-label="Audit entries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">#</Table.Th>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">Action</Table.Th>
                  <Table.Th scope="col">Actor</Table.Th>
                  <Table.Th scope="col">Entity</Table.Th>
                  <Table.Th scope="col">Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.data.items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{e.id}</Table.Td>
                    <Table.Td>{new Date(e.at).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC</Table.Td>
                    <Table.Td>
                      <code>{e.action}</code>
                    </Table.Td>
                    <Table.Td>{e.actorId ? (names.get(e.actorId) ?? e.actorId) : 'system'}</Table.Td>
                    <Table.Td>{e.entityType ? `${e.entityType} ${e.entityId ?? ''}` : '—'}</Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                        {detailsText(e.action, e.details)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group component="nav" aria-label="Pages">
            <Button variant="default" disabled={current <= 1} onClick={() => goTo(current - 1)}>
              Previous page
            </Button>
            <Button variant="default" disabled={current >= pages} onClick={() => goTo(current + 1)}>
              Next page
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

/** The newest signed checkpoint: what an inquiry pins (docs/verifiable-record.md). */
function LatestCheckpoint() {
  const latest = useLatestCheckpoint();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="latest-checkpoint">
      <Text fw={700} id="latest-checkpoint" component="h2" size="md" mb="xs">
        Latest checkpoint
      </Text>
      <ServerErrors error={latest.error} title="The checkpoint could not be read" />
      {latest.data === null && <Text>No checkpoint has been signed yet.</Text>}
      {latest.data && <CheckpointFacts checkpoint={latest.data} />}
      <Text size="sm" c="dimmed" mt="xs">
        An inquiry pins the key (
        <Anchor href="/api/log/key" underline="always">
          verifier key
        </Anchor>
        ) and a checkpoint (
        <Anchor href="/api/log/checkpoint" underline="always">
          latest signed checkpoint
        </Anchor>
        ) and later checks with <Code>npm run verify</Code> that the log only grew.
      </Text>
    </Paper>
  );
}

function CheckpointFacts({ checkpoint }: { checkpoint: Checkpoint }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" component="dl" aria-label="Checkpoint">
      <div>
        <Text component="dt" size="sm" c="dimmed">
          Tree size
        </Text>
        <Text component="dd" m={0} data-field="tree-size">
          {checkpoint.size.toLocaleString('en-GB')} records
        </Text>
      </div>
      <div>
        <Text component="dt" size="sm" c="dimmed">
          Signed
        </Text>
        <Text component="dd" m={0}>
          {formatDateTime(checkpoint.createdAt)}
        </Text>
      </div>
      <div>
        <Text component="dt" size="sm" c="dimmed">
          Root hash
        </Text>
        <Text component="dd" m={0} size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {checkpoint.rootHash}
        </Text>
      </div>
    </SimpleGrid>
  );
}

function ChainResult({ check }: { check: ChainCheck }) {
  return (
    <Alert color={check.ok ? 'green' : 'red'} variant="outline" p="xs">
      {chainVerdict(check)}
    </Alert>
  );
}
