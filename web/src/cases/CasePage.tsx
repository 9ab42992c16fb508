import { Alert, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { useParams } from 'react-router';
import { useCase } from '../api/cases';
import { errorMessages } from '../api/errors';
import { formatDate, STATUS_LABELS } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';

/**
 * /cases/:id — for now the case's header only (issue 15 part 2 builds the whole page: actions,
 * timeline, appeals, evidence, reminders, history).
 */
export function CasePage() {
  const { id } = useParams<{ id: string }>();
  const c = useCase(id!);
  if (c.isPending) return <Loader aria-label="Loading the case" />;
  if (c.isError)
    return (
      <Alert color="red" title="The case could not be shown">
        {errorMessages(c.error).join(' ')}
      </Alert>
    );
  const data = c.data;
  return (
    <Stack>
      <PageTitle>{`Case ${data.reference}`}</PageTitle>
      <Group gap="sm">
        <Badge size="lg" variant="light">
          {STATUS_LABELS[data.status]}
        </Badge>
        <Text>Member: {data.member.fullName}</Text>
        <Text>Appeal deadline: {formatDate(data.appealDeadline)}</Text>
      </Group>
    </Stack>
  );
}
