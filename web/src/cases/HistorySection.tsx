import { Table } from '@mantine/core';
import { useHistory } from '../api/transitions';
import { useDirectory } from '../api/users';
import { formatDate, formatDateTime, STATUS_LABELS } from '../ui/labels';
import { Loaded } from '../ui/Loaded';
import { Section } from '../ui/Section';

/** A decision dated by its day is stored at midnight UTC: shown as that day, not a time. */
const formatWhen = (iso: string) =>
  iso.endsWith('T00:00:00.000Z') ? formatDate(iso.slice(0, 10)) : formatDateTime(iso);

/** The workflow history: every move, when it happened and was recorded, by whom, why. */
export function HistorySection({ caseId }: { caseId: string }) {
  const history = useHistory(caseId);
  const directory = useDirectory();
  const nameOf = (id: string) => directory.data?.find((u) => u.id === id)?.fullName ?? 'another user';
  const rows = history.data ?? [];
  return (
    <Section id="history" title="History">
      <Loaded
        query={history}
        loading="Loading the history…"
        empty={rows.length === 0 ? 'The case has not moved since intake.' : null}
      >
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Status history" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">From</Table.Th>
                <Table.Th scope="col">To</Table.Th>
                <Table.Th scope="col">By</Table.Th>
                <Table.Th scope="col">Reason and note</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{formatWhen(t.occurredAt)}</Table.Td>
                  <Table.Td>{STATUS_LABELS[t.from]}</Table.Td>
                  <Table.Td>{STATUS_LABELS[t.to]}</Table.Td>
                  <Table.Td>{nameOf(t.actorId)}</Table.Td>
                  <Table.Td>{[t.reason, t.note].filter(Boolean).join(' — ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Loaded>
    </Section>
  );
}
