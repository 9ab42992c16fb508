import { Alert, Anchor, Badge, Button, Group, Pagination, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessages } from '../api/errors';
import { useMarkRead, useNotifications } from '../api/notification-list';
import { formatDateTime } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import { ServerErrors } from '../ui/ServerErrors';

/** /notifications — the caller's notifications, unread first; marking one read updates the header's count. */
export function NotificationsPage() {
  const [page, setPage] = useState(1);
  const list = useNotifications(page);
  const markRead = useMarkRead();
  const data = list.data;
  return (
    <Stack>
      <PageTitle>Notifications</PageTitle>
      {list.isError && <Alert color="red">{errorMessages(list.error).join(' ')}</Alert>}
      <ServerErrors error={markRead.error} title="Not marked as read" />
      <Text role="status">
        {list.isPending ? 'Loading notifications…' : `${data?.unread ?? 0} unread of ${data?.total ?? 0}`}
      </Text>
      {data && data.items.length > 0 && (
        <Stack component="ul" gap="xs" className="plain-list" aria-label="Notifications">
          {data.items.map((n) => (
            <Paper component="li" key={n.id} withBorder p="sm" bg={n.read ? undefined : 'indigo.0'}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Stack gap={2}>
                  <Group gap="xs">
                    {!n.read && (
                      <Badge color="red.8" size="sm">
                        Unread
                      </Badge>
                    )}
                    <Text size="sm" c="gray.7">
                      {formatDateTime(n.createdAt)}
                    </Text>
                  </Group>
                  <Text>{n.message}</Text>
                  {n.caseId && (
                    <Anchor component={Link} to={`/cases/${n.caseId}`} size="sm">
                      Case {n.caseReference ?? ''}
                    </Anchor>
                  )}
                </Stack>
                {!n.read && (
                  <Button
                    size="compact-sm"
                    variant="default"
                    onClick={() => markRead.mutate(n.id)}
                    loading={markRead.isPending && markRead.variables === n.id}
                    aria-label={`Mark as read: ${n.message}`}
                  >
                    Mark as read
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {data && data.total > data.limit && (
        <Pagination
          total={Math.ceil(data.total / data.limit)}
          value={page}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
        />
      )}
    </Stack>
  );
}
