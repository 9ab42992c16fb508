import { Alert, Anchor, List, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useDeadlines } from '../api/deadlines';
import { errorMessages } from '../api/errors';
import { today } from '../ui/dates';
import { formatDate } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import { GROUPS, groupDeadlines, KIND_LABELS, type DeadlineItem } from './deadlines';

/** One deadline or hearing, linked to its case. */
export function DeadlineLink({ item, withDate = true }: { item: DeadlineItem; withDate?: boolean }) {
  return (
    <Anchor component={Link} to={`/cases/${item.caseId}`} size="sm">
      {KIND_LABELS[item.kind]}
      {withDate ? ` ${formatDate(item.date)}` : ''}
      {item.time ? ` ${item.time}` : ''}: {item.reference}
    </Anchor>
  );
}

/** /deadlines — appeal deadlines and hearings: overdue, today, this week, later. */
export function DeadlinesPage() {
  const deadlines = useDeadlines();
  const groups = groupDeadlines(deadlines.data ?? [], today());
  return (
    <Stack>
      <PageTitle>Deadlines</PageTitle>
      <Text>
        Appeal deadlines of cases whose appeal is not yet lodged, and hearings of pending appeals.{' '}
        <Anchor component={Link} to="/calendar">
          See them on the calendar
        </Anchor>
        .
      </Text>
      {deadlines.isPending && <Loader aria-label="Loading the deadlines" />}
      {deadlines.isError && (
        <Alert color="red" title="The deadlines could not be loaded">
          {errorMessages(deadlines.error).join(' ')}
        </Alert>
      )}
      {deadlines.data &&
        GROUPS.map((g) => (
          <section key={g} aria-labelledby={`group-${g.replace(' ', '-')}`}>
            <Title order={2} size="h3" id={`group-${g.replace(' ', '-')}`}>
              {g[0].toUpperCase() + g.slice(1)} ({groups[g].length})
            </Title>
            {groups[g].length === 0 ? (
              <Text size="sm">Nothing.</Text>
            ) : (
              <List spacing={2}>
                {groups[g].map((item) => (
                  <List.Item key={`${item.kind}-${item.caseId}`}>
                    <DeadlineLink item={item} />
                  </List.Item>
                ))}
              </List>
            )}
          </section>
        ))}
    </Stack>
  );
}
