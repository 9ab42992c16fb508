import {
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { DateField } from '../ui/DateField';
import { today } from '../ui/dates';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCaseList } from '../api/cases';
import { BulkActions, SelectAllHeader, SelectCell } from './BulkActions';
import { errorMessages } from '../api/errors';
import { useSession } from '../api/session';
import type { CaseView } from '../api/types';
import { useDirectory } from '../api/users';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ACTION_LABELS, formatDate, formatDateTime, options, STATUS_LABELS } from '../ui/labels';
import { mayAssign } from '../ui/nav';
import { PageTitle } from '../ui/PageTitle';
import {
  ANY_ASSIGNEE,
  assigneeFilter,
  type CaseListQuery,
  type CaseSort,
  deadlineMark,
  nextSort,
  PAGE_SIZES,
  parseCaseListParams,
  toCaseListParams,
  withChange,
} from './case-list-params';

const SORTABLE: { field: string; label: string }[] = [
  { field: 'reference', label: 'Reference' },
  { field: 'appealDeadline', label: 'Appeal deadline' },
  { field: 'updatedAt', label: 'Last change' },
];

/** /cases: the list, its filters, sort and page all held in the URL (back/forward and shared links restore them). */
export function CaseListPage() {
  const me = useSession().data!.user;
  const [params, setParams] = useSearchParams();
  const query = parseCaseListParams(params);
  const apiQuery = { ...query, assigneeId: assigneeFilter(query.assigneeId, me) };
  const list = useCaseList(apiQuery);
  const directory = useDirectory();
  const names = new Map((directory.data ?? []).map((u) => [u.id, u.fullName]));
  const go = (change: Partial<CaseListQuery>) => setParams(toCaseListParams(withChange(query, change)));

  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.limit)) : 1;
  const todayDate = today();
  // Coordinators (and admins) change assignments, in bulk too: a checkbox per row, then the action bar.
  const bulk = mayAssign(me.role);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  return (
    <Stack>
      <PageTitle>Cases</PageTitle>
      <CaseFilters
        // A new URL (back, forward, a link) resets the text fields to what it says.
        key={params.toString()}
        query={query}
        assigneeOptions={[
          { value: ANY_ASSIGNEE, label: 'Anyone' },
          ...(directory.data ?? [])
            .filter((u) => u.role === 'caseworker')
            .map((u) => ({ value: u.id, label: u.id === me.id ? `${u.fullName} (me)` : u.fullName })),
        ]}
        assignee={apiQuery.assigneeId ?? ANY_ASSIGNEE}
        onChange={go}
        onClear={() =>
          setParams(new URLSearchParams(me.role === 'caseworker' ? { assigneeId: ANY_ASSIGNEE } : {}))
        }
      />
      {list.isError && <ErrorSummary errors={errorMessages(list.error).map((message) => ({ message }))} />}
      <Group justify="space-between" wrap="wrap">
        <Text role="status" aria-live="polite">
          {list.data
            ? list.data.total === 0
              ? 'No cases match.'
              : `Cases ${(list.data.page - 1) * list.data.limit + 1}–${Math.min(list.data.total, list.data.page * list.data.limit)} of ${list.data.total.toLocaleString('en-GB')}`
            : 'Loading cases…'}
        </Text>
        <Select
          label="Rows per page"
          data={PAGE_SIZES.map(String)}
          value={String(query.limit)}
          onChange={(v) => v && go({ limit: Number(v) })}
          allowDeselect={false}
          w={140}
        />
      </Group>
      {bulk && selected.size > 0 && (
        <BulkActions
          cases={(list.data?.items ?? []).filter((c) => selected.has(c.id))}
          directory={directory.data ?? []}
          onDone={(ids) => setSelected((s) => new Set([...s].filter((x) => !ids.includes(x))))}
        />
      )}
      <Table.ScrollContainer minWidth={860}>
        <Table
          striped
          highlightOnHover
          verticalSpacing="xs"
          aria-busy={list.isFetching}
          // The URL whose answer the rows show (while the next one loads, the previous rows stay).
          data-for={list.isPlaceholderData ? undefined : params.toString()}
        >
          <Table.Caption>
            <VisuallyHidden>Cases, sorted by {sortLabel(query.sort)}</VisuallyHidden>
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {bulk && (
                <SelectAllHeader
                  ids={list.data?.items.map((c) => c.id) ?? []}
                  selected={selected}
                  onChange={setSelected}
                />
              )}
              <SortableTh field="reference" query={query} onSort={(sort) => go({ sort })} />
              <Table.Th>Member</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Status</Table.Th>
              <SortableTh field="appealDeadline" query={query} onSort={(sort) => go({ sort })} />
              <Table.Th>Assignee</Table.Th>
              <SortableTh field="updatedAt" query={query} onSort={(sort) => go({ sort })} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((c) => (
              <CaseRow
                key={c.id}
                c={c}
                today={todayDate}
                select={
                  bulk ? (
                    <SelectCell c={c} selected={selected.has(c.id)} onToggle={() => toggle(c.id)} />
                  ) : null
                }
                assignee={c.assigneeId ? names.get(c.assigneeId) : undefined}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {totalPages > 1 && (
        <nav aria-label="Pages of cases">
          <Pagination
            total={totalPages}
            value={query.page}
            onChange={(page) => go({ page })}
            withEdges
            getItemProps={(page) => ({
              'aria-label': `Page ${page}`,
              'aria-current': page === query.page ? 'page' : undefined,
            })}
            getControlProps={(control) => ({
              'aria-label': `${control[0].toUpperCase()}${control.slice(1)} page`,
            })}
          />
        </nav>
      )}
    </Stack>
  );
}

function sortLabel(sort: CaseSort): string {
  const field = sort.replace(/^-/, '');
  const label = SORTABLE.find((s) => s.field === field)?.label ?? field;
  return `${label.toLowerCase()}, ${sort.startsWith('-') ? 'descending' : 'ascending'}`;
}

function SortableTh({
  field,
  query,
  onSort,
}: {
  field: string;
  query: CaseListQuery;
  onSort: (s: CaseSort) => void;
}) {
  const label = SORTABLE.find((s) => s.field === field)!.label;
  const active = query.sort.replace(/^-/, '') === field;
  const direction = active ? (query.sort.startsWith('-') ? 'descending' : 'ascending') : 'none';
  return (
    <Table.Th aria-sort={direction}>
      <UnstyledButton className="sort-button" onClick={() => onSort(nextSort(query.sort, field))}>
        {label}{' '}
        <span aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
        <VisuallyHidden>{active ? `, sorted ${direction}` : ', sort'}</VisuallyHidden>
      </UnstyledButton>
    </Table.Th>
  );
}

function CaseRow({
  c,
  today,
  assignee,
  select,
}: {
  c: CaseView;
  today: string;
  assignee?: string;
  select?: React.ReactNode;
}) {
  const mark = deadlineMark(c.status, c.appealDeadline, today);
  return (
    <Table.Tr>
      {select}
      <Table.Td>
        <Anchor component={Link} to={`/cases/${c.id}`} fw={600} className="nowrap">
          {c.reference}
        </Anchor>
      </Table.Td>
      <Table.Td>{c.member.fullName}</Table.Td>
      <Table.Td>{ACTION_LABELS[c.actionType] ?? c.actionType}</Table.Td>
      <Table.Td>{STATUS_LABELS[c.status] ?? c.status}</Table.Td>
      <Table.Td>
        {formatDate(c.appealDeadline)}{' '}
        {mark && (
          <Badge
            color={mark === 'overdue' ? 'red.8' : 'yellow.3'}
            c={mark === 'overdue' ? 'white' : 'dark'}
            variant="filled"
            size="sm"
            tt="none"
          >
            {mark === 'overdue' ? 'Overdue' : 'Due soon'}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {c.assigneeId ? (
          (assignee ?? 'Someone')
        ) : (
          <Text span c="dimmed">
            Nobody
          </Text>
        )}
      </Table.Td>
      <Table.Td>{formatDateTime(c.updatedAt)}</Table.Td>
    </Table.Tr>
  );
}

interface FiltersProps {
  query: CaseListQuery;
  assignee: string;
  assigneeOptions: { value: string; label: string }[];
  onChange: (change: Partial<CaseListQuery>) => void;
  onClear: () => void;
}

/** Choices apply at once; typed filters when the form is sent (Enter or "Apply filters"). */
function CaseFilters({ query, assignee, assigneeOptions, onChange, onClear }: FiltersProps) {
  const [text, setText] = useState({
    q: query.q ?? '',
    region: query.region ?? '',
    constituencyParty: query.constituencyParty ?? '',
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ q: text.q, region: text.region, constituencyParty: text.constituencyParty });
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} role="search" aria-label="Filter cases">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput
            label="Search"
            description="Reference, member, membership number or summary"
            value={text.q}
            onChange={(e) => setText({ ...text, q: e.currentTarget.value })}
          />
          <MultiSelect
            label="Status"
            data={options(STATUS_LABELS)}
            value={query.status}
            onChange={(v) => onChange({ status: v as CaseListQuery['status'] })}
            clearable
          />
          <MultiSelect
            label="Action type"
            data={options(ACTION_LABELS)}
            value={query.actionType}
            onChange={(v) => onChange({ actionType: v as CaseListQuery['actionType'] })}
            clearable
          />
          <Select
            label="Assignee"
            data={assigneeOptions}
            value={assignee}
            onChange={(v) => onChange({ assigneeId: v ?? ANY_ASSIGNEE })}
            allowDeselect={false}
            searchable
          />
          <TextInput
            label="Region"
            value={text.region}
            onChange={(e) => setText({ ...text, region: e.currentTarget.value })}
          />
          <TextInput
            label="Constituency party"
            value={text.constituencyParty}
            onChange={(e) => setText({ ...text, constituencyParty: e.currentTarget.value })}
          />
          <DateField
            label="Appeal deadline before"
            valueFormat="D MMM YYYY"
            value={query.deadlineBefore ?? null}
            onChange={(v) => onChange({ deadlineBefore: v ?? undefined })}
            clearable
          />
          <Group align="flex-end" gap="sm">
            <Button type="submit">Apply filters</Button>
            <Button variant="subtle" onClick={onClear}>
              Clear filters
            </Button>
          </Group>
        </SimpleGrid>
      </form>
    </Paper>
  );
}
