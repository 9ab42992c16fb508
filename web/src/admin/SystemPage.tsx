import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueueOverview, useReadiness, useRetryFailed } from '../api/admin';
import { PageTitle } from '../ui/PageTitle';
import { ServerErrors } from '../ui/ServerErrors';
import { formatBytes } from './system-text';

const PART_LABELS: Record<string, string> = {
  database: 'Database',
  database_reads: 'Database (read connection)',
  redis: 'Redis',
};

/** Admin: is the database and Redis answering, and how is the background work doing (both refresh every 5 s). */
export function SystemPage() {
  const ready = useReadiness();
  const queues = useQueueOverview();
  const retry = useRetryFailed();
  return (
    <Stack>
      <PageTitle>System</PageTitle>
      <Paper withBorder p="md" component="section" aria-labelledby="health-title">
        <Title order={2} size="h3" id="health-title" mb="sm">
          Health
        </Title>
        {ready.isError && <Text role="alert">The server could not be reached.</Text>}
        <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" m={0}>
          {Object.entries(ready.data?.details ?? {}).map(([part, v]) => (
            <Group key={part} gap="xs" data-testid={`health-${part}`}>
              <Text component="dt" fw={600}>
                {PART_LABELS[part] ?? part}
              </Text>
              <Text component="dd" m={0}>
                <Text span fw={700} c={v.status === 'up' ? undefined : 'red.9'}>
                  {v.status === 'up' ? 'Up' : 'Down'}
                </Text>{' '}
                {v.status !== 'up' && v.message ? v.message : ''}
              </Text>
            </Group>
          ))}
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="queues-title">
        <Title order={2} size="h3" id="queues-title" mb="sm">
          Background jobs
        </Title>
        <ServerErrors error={queues.error} title="The queues could not be read" />
        <Table aria-label="Jobs per queue" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Queue</Table.Th>
              <Table.Th scope="col">Waiting</Table.Th>
              <Table.Th scope="col">Delayed</Table.Th>
              <Table.Th scope="col">Active</Table.Th>
              <Table.Th scope="col">Failed</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(queues.data?.queues ?? []).map((q) => (
              <Table.Tr key={q.name}>
                <Table.Th scope="row">{q.name}</Table.Th>
                {q.available ? (
                  [q.waiting, q.delayed, q.active, q.failed].map((n, i) => (
                    <Table.Td key={i}>{n ?? 0}</Table.Td>
                  ))
                ) : (
                  <Table.Td colSpan={4}>Not known: Redis does not answer</Table.Td>
                )}
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    disabled={!q.available || !q.failed}
                    loading={retry.isPending && retry.variables === q.name}
                    onClick={() => retry.mutate(q.name)}
                    aria-label={`Retry the failed jobs of ${q.name}`}
                  >
                    Retry failed
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {retry.data && (
          <Alert color="green" variant="outline" role="status" mt="sm">
            {retry.data.retried} failed {retry.data.retried === 1 ? 'job' : 'jobs'} of {retry.data.queue} put
            back to run.
          </Alert>
        )}
        <ServerErrors error={retry.error} title="The jobs were not retried" />
        {queues.data && (
          <Text size="sm" mt="sm">
            Last reminder reconcile:{' '}
            {queues.data.lastReminderReconcile.at
              ? `${new Date(queues.data.lastReminderReconcile.at).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC, ${queues.data.lastReminderReconcile.added} jobs re-added`
              : 'not known'}
            .
          </Text>
        )}
        {queues.data && (
          <Text size="sm" mt="sm">
            Reminders: {queues.data.reminders.scheduled} scheduled, {queues.data.reminders.sent} sent,{' '}
            {queues.data.reminders.failed} failed, {queues.data.reminders.cancelled} cancelled.
          </Text>
        )}
      </Paper>
      {queues.data && (
        <Paper withBorder p="md" component="section" aria-labelledby="evidence-title">
          <Title order={2} size="h3" id="evidence-title" mb="sm">
            Evidence store
          </Title>
          <Text>
            {queues.data.evidence.files.toLocaleString('en-GB')} files,{' '}
            {formatBytes(queues.data.evidence.bytes)}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}
