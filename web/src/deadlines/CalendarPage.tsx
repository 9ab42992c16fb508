import {
  Alert,
  Button,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useDeadlines, useRenewCalendarLink } from '../api/deadlines';
import { errorMessages } from '../api/errors';
import { today } from '../ui/dates';
import { PageTitle } from '../ui/PageTitle';
import { ServerErrors } from '../ui/ServerErrors';
import { addMonths, monthGrid, type DeadlineItem } from './deadlines';
import { DeadlineLink } from './DeadlinesPage';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const monthName = (month: string) =>
  new Date(`${month}-01T12:00:00`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric' });

/** /calendar — a month of appeal deadlines and hearings (?month=YYYY-MM), and the personal feed link. */
export function CalendarPage() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : today().slice(0, 7);
  const deadlines = useDeadlines();
  const byDay = new Map<string, DeadlineItem[]>();
  for (const item of deadlines.data ?? []) byDay.set(item.date, [...(byDay.get(item.date) ?? []), item]);
  const go = (delta: number) => setParams({ month: addMonths(month, delta) });
  return (
    <Stack>
      <PageTitle>Calendar</PageTitle>
      <Group justify="space-between">
        <Button variant="default" onClick={() => go(-1)}>
          Previous month
        </Button>
        <Title order={2} size="h3" id="month">
          {monthName(month)}
        </Title>
        <Button variant="default" onClick={() => go(1)}>
          Next month
        </Button>
      </Group>
      {deadlines.isPending && <Loader aria-label="Loading the deadlines" />}
      {deadlines.isError && (
        <Alert color="red" title="The deadlines could not be loaded">
          {errorMessages(deadlines.error).join(' ')}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table withColumnBorders layout="fixed" aria-labelledby="month">
          <Table.Thead>
            <Table.Tr>
              {WEEKDAYS.map((d) => (
                <Table.Th key={d} scope="col">
                  {d.slice(0, 3)}
                  <VisuallyHidden>{d.slice(3)}</VisuallyHidden>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {monthGrid(month).map((week, w) => (
              <Table.Tr key={w}>
                {week.map((day, i) => (
                  <Table.Td key={i} data-date={day ?? undefined} valign="top" h={90}>
                    {day && (
                      <>
                        <Text size="sm" fw={day === today() ? 800 : 400}>
                          {Number(day.slice(8))}
                          {day === today() ? ' (today)' : ''}
                        </Text>
                        <Stack gap={2}>
                          {(byDay.get(day) ?? []).map((item) => (
                            <DeadlineLink key={`${item.kind}-${item.caseId}`} item={item} withDate={false} />
                          ))}
                        </Stack>
                      </>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Subscribe />
    </Stack>
  );
}

/** The personal calendar feed (ICS): its link, and a new one on request (the old one stops working). */
function Subscribe() {
  const renew = useRenewCalendarLink();
  return (
    <section aria-labelledby="subscribe">
      <Title order={2} size="h3" id="subscribe">
        Subscribe in your calendar app
      </Title>
      <Text size="sm" mb="xs">
        Your appeal deadlines, hearings and reminders, in any calendar app that takes an ICS link. The link is
        personal: anyone who has it can read these entries.
      </Text>
      {renew.data && (
        <TextInput
          label="Your calendar link"
          readOnly
          value={renew.data.url}
          onFocus={(e) => e.currentTarget.select()}
          mb="xs"
        />
      )}
      {renew.data && (
        <Text size="sm" mb="xs">
          Getting a new link stops this one working: calendars subscribed to it must be given the new one.
        </Text>
      )}
      <ServerErrors error={renew.error} title="No link was issued" />
      <Button
        onClick={() => renew.mutate()}
        loading={renew.isPending}
        variant={renew.data ? 'default' : 'filled'}
      >
        {renew.data ? 'Get a new link (the old one stops working)' : 'Subscribe: show my calendar link'}
      </Button>
    </section>
  );
}
