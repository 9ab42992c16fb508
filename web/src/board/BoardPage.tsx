import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Menu,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAppeals } from '../api/appeals';
import { resettleCard, useBoardCases, useDirectMove, useFinalColumn } from '../api/board';
import { ApiError, errorMessages } from '../api/errors';
import type { CaseStatus, CaseView } from '../api/types';
import { useDirectory } from '../api/users';
import { transitionVerb } from '../cases/case-page';
import { TransitionDialog } from '../cases/TransitionDialog';
import { formatDate, options, PRIORITY_LABELS, STATUS_LABELS } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import {
  BOARD_COLUMNS,
  COLUMN_PAGE,
  FINAL_STATUSES,
  groupByStatus,
  matchesBoardFilters,
  moveKind,
  parseBoardParams,
  toBoardParams,
  type BoardFilters,
} from './board';

/** Arrow keys move a lifted card a whole column left or right (dnd-kit's default moves it 25 px). */
const columnKeys: KeyboardCoordinateGetter = (event, { context }) => {
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!collisionRect || (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft')) return undefined;
  event.preventDefault();
  const centre = collisionRect.left + collisionRect.width / 2;
  const rects = droppableContainers
    .getEnabled()
    .map((d) => droppableRects.get(d.id))
    .filter((r) => r !== undefined)
    .sort((a, b) => a.left - b.left);
  const target =
    event.code === 'ArrowRight'
      ? rects.find((r) => r.left > centre)
      : [...rects].reverse().find((r) => r.left + r.width < centre);
  if (!target) return undefined;
  // Near the column's top: every column is at least that tall, however few its cards.
  return { x: target.left + (target.width - collisionRect.width) / 2, y: target.top + 40 };
};

/** A pointer drop counts where the pointer is; a keyboard move where the card is. */
const collision: CollisionDetection = (args) => {
  const under = pointerWithin(args);
  return under.length ? under : rectIntersection(args);
};

type Notice = { color: 'red' | 'orange'; title: string; text: string };

/**
 * /board — the campaign board: a column per status (final ones collapsed), a card per case. A card
 * moves by drag, by keyboard (Space to lift, arrows, Space to drop) and by its "Move to…" menu,
 * which lists only the moves the server allows. A drop the server would refuse is refused here,
 * without a request; a move whose guard needs something opens the case page's dialog; a move
 * refused by the server (409) puts the card back and says why.
 */
export function BoardPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseBoardParams(params), [params]);
  const board = useBoardCases(filters);
  const directory = useDirectory();
  const names = useMemo(
    () => new Map((directory.data ?? []).map((u) => [u.id, u.fullName])),
    [directory.data],
  );
  const columns = useMemo(
    () => groupByStatus((board.data ?? []).filter((c) => matchesBoardFilters(c, filters))),
    [board.data, filters],
  );
  const openCount = Object.values(columns).reduce((n, cards) => n + cards.length, 0);
  const [expanded, setExpanded] = useState<CaseStatus[]>([]);
  const [dialog, setDialog] = useState<{ c: CaseView; to: CaseStatus } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [dragging, setDragging] = useState<CaseView | null>(null);
  const direct = useDirectMove();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeys }),
  );

  const move = (c: CaseView, to: CaseStatus) => {
    const kind = moveKind(c, to);
    if (kind === 'none') return;
    if (kind === 'refused') {
      setNotice({
        color: 'orange',
        title: 'Not moved',
        text: `${c.reference} cannot go from ${STATUS_LABELS[c.status]} to ${STATUS_LABELS[to]}. It can go to: ${
          c.allowedTransitions.map((s) => STATUS_LABELS[s]).join(', ') || 'nowhere (no further step)'
        }.`,
      });
      return;
    }
    setNotice(null);
    if (kind === 'dialog') return setDialog({ c, to });
    direct.mutate(
      { c, to },
      {
        onError: (e) =>
          setNotice({
            color: 'red',
            title: `${c.reference} was not moved`,
            text:
              e instanceof ApiError && e.status === 409
                ? `Someone else changed it in the meantime (409): ${e.messages.join(' ').replace(/\.?$/, '.')} The card is back where the case is now.`
                : errorMessages(e).join(' '),
          }),
      },
    );
  };

  // One function for every card for the board's life (the cards are memoised), calling the latest `move`.
  const latestMove = useRef(move);
  useLayoutEffect(() => {
    latestMove.current = move;
  });
  const onMove = useCallback((c: CaseView, to: CaseStatus) => latestMove.current(c, to), []);

  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const c = e.active.data.current?.c as CaseView | undefined;
    const to = e.over?.id as CaseStatus | undefined;
    if (c && to) move(c, to);
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${active.data.current?.c.reference}.`,
    onDragOver: ({ active, over }) => {
      if (!over) return `${active.data.current?.c.reference} is over no column.`;
      const kind = moveKind(active.data.current?.c, over.id as CaseStatus);
      const label = STATUS_LABELS[over.id as CaseStatus];
      return kind === 'refused' ? `Over ${label}: this case cannot move there.` : `Over ${label}.`;
    },
    onDragEnd: ({ active, over }) =>
      over
        ? `Dropped ${active.data.current?.c.reference} on ${STATUS_LABELS[over.id as CaseStatus]}.`
        : `Dropped ${active.data.current?.c.reference} outside the columns; it stays.`,
    onDragCancel: ({ active }) => `Moving ${active.data.current?.c.reference} was cancelled; it stays.`,
  };

  return (
    <Stack gap="md">
      <PageTitle>Board</PageTitle>
      <BoardFilterForm
        filters={filters}
        assignees={directory.data ?? []}
        onChange={(f) => setParams(toBoardParams(f))}
      />
      {notice && (
        <Alert
          color={notice.color}
          title={notice.title}
          role="alert"
          withCloseButton
          onClose={() => setNotice(null)}
          closeButtonLabel="Dismiss"
        >
          {notice.text}
        </Alert>
      )}
      {board.isError && (
        <Alert color="red" title="The board could not be loaded">
          {errorMessages(board.error).join(' ')}
        </Alert>
      )}
      {board.data && (
        <Text size="sm" role="status">
          {board.loadingMore
            ? `Showing ${openCount} open cases, the nearest deadlines first; loading the others…`
            : `${openCount} open ${openCount === 1 ? 'case' : 'cases'}.`}
        </Text>
      )}
      {board.isPending ? (
        <Loader aria-label="Loading the board" />
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={collision}
          accessibility={{
            announcements,
            screenReaderInstructions: {
              draggable:
                'To move this case, press Space, then the left and right arrow keys to choose a column, Space again to drop, or Escape to cancel. The card\'s "Move to" menu does the same.',
            },
          }}
          onDragStart={(e) => setDragging(e.active.data.current?.c ?? null)}
          onDragCancel={() => setDragging(null)}
          onDragEnd={onDragEnd}
        >
          <Box className="board" role="region" aria-label="Cases by status" tabIndex={0}>
            {BOARD_COLUMNS.map((status) =>
              FINAL_STATUSES.includes(status) ? (
                <FinalColumn
                  key={status}
                  status={status}
                  filters={filters}
                  expanded={expanded.includes(status)}
                  onToggle={() =>
                    setExpanded((x) => (x.includes(status) ? x.filter((s) => s !== status) : [...x, status]))
                  }
                  names={names}
                  onMove={onMove}
                  dragging={dragging}
                />
              ) : (
                <Column
                  key={status}
                  status={status}
                  cards={columns[status]}
                  names={names}
                  onMove={onMove}
                  dragging={dragging}
                />
              ),
            )}
          </Box>
          <DragOverlay>{dragging ? <CardBody c={dragging} names={names} /> : null}</DragOverlay>
        </DndContext>
      )}
      {dialog && <BoardMoveDialog {...dialog} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

/** The case page's dialog of a move, given the case's pending appeal; the card is settled after. */
function BoardMoveDialog({ c, to, onClose }: { c: CaseView; to: CaseStatus; onClose: () => void }) {
  const appeals = useAppeals(c.id);
  if (appeals.isPending) return <Loader aria-label="Loading the case's appeals" />;
  const pending = appeals.data?.find((a) => a.outcome === 'pending') ?? null;
  return (
    <TransitionDialog
      c={c}
      to={to}
      pendingAppeal={pending}
      onClose={() => {
        onClose();
        void resettleCard(c.id);
      }}
    />
  );
}

function ColumnFrame({
  status,
  count,
  dragging,
  children,
  collapsed = false,
}: {
  status: CaseStatus;
  count: number | string;
  dragging: CaseView | null;
  children: React.ReactNode;
  collapsed?: boolean;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const refused = dragging !== null && moveKind(dragging, status) === 'refused';
  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-labelledby={`col-${status}`}
      data-status={status}
      data-refused={refused || undefined}
      className={`board-column${collapsed ? ' board-column-collapsed' : ''}${isOver ? (refused ? ' is-refused' : ' is-over') : ''}`}
      withBorder
      p="xs"
    >
      <Title order={2} size="h5" id={`col-${status}`} mb="xs">
        {STATUS_LABELS[status]}{' '}
        <Badge component="span" variant="filled" color="gray.8" tt="none">
          {count}
        </Badge>
      </Title>
      {children}
    </Paper>
  );
}

const CardList = memo(function CardList({
  cards,
  total,
  names,
  onMove,
}: {
  cards: CaseView[];
  total: number;
  names: Map<string, string>;
  onMove: (c: CaseView, to: CaseStatus) => void;
}) {
  const [shown, setShown] = useState(COLUMN_PAGE);
  return (
    <Stack gap="xs" component="ul" className="board-cards">
      {cards.slice(0, shown).map((c) => (
        <li key={c.id}>
          <Card c={c} names={names} onMove={onMove} />
        </li>
      ))}
      {cards.length > shown && (
        <li>
          <Button variant="subtle" size="xs" onClick={() => setShown((n) => n + COLUMN_PAGE)}>
            Show {Math.min(COLUMN_PAGE, cards.length - shown)} more ({cards.length - shown} not shown)
          </Button>
        </li>
      )}
      {total > cards.length && (
        <li>
          <Text size="xs">
            The first {cards.length} of {total}.
          </Text>
        </li>
      )}
    </Stack>
  );
});

function Column(props: {
  status: CaseStatus;
  cards: CaseView[];
  names: Map<string, string>;
  onMove: (c: CaseView, to: CaseStatus) => void;
  dragging: CaseView | null;
}) {
  return (
    <ColumnFrame status={props.status} count={props.cards.length} dragging={props.dragging}>
      <CardList cards={props.cards} total={props.cards.length} names={props.names} onMove={props.onMove} />
    </ColumnFrame>
  );
}

function FinalColumn(props: {
  status: CaseStatus;
  filters: BoardFilters;
  expanded: boolean;
  onToggle: () => void;
  names: Map<string, string>;
  onMove: (c: CaseView, to: CaseStatus) => void;
  dragging: CaseView | null;
}) {
  const data = useFinalColumn(props.status, props.filters, props.expanded);
  const cards = (data.data?.items ?? []).filter((c) => matchesBoardFilters(c, props.filters));
  return (
    <ColumnFrame
      status={props.status}
      count={props.expanded && data.data ? data.data.total : '…'}
      dragging={props.dragging}
      collapsed={!props.expanded}
    >
      <Button variant="default" size="xs" mb="xs" onClick={props.onToggle} aria-expanded={props.expanded}>
        {props.expanded ? 'Hide' : 'Show'} {STATUS_LABELS[props.status].toLowerCase()} cases
      </Button>
      {props.expanded &&
        (data.isPending ? (
          <Loader size="sm" aria-label={`Loading ${STATUS_LABELS[props.status]}`} />
        ) : (
          <CardList cards={cards} total={data.data?.total ?? 0} names={props.names} onMove={props.onMove} />
        ))}
    </ColumnFrame>
  );
}

function CardBody({
  c,
  names,
  handle,
}: {
  c: CaseView;
  names: Map<string, string>;
  handle?: React.ReactNode;
}) {
  return (
    <Paper withBorder p="xs" shadow="xs" className="board-card">
      <Group justify="space-between" gap={4} wrap="nowrap">
        <CardLink c={c} />
        {handle}
      </Group>
      <CardDetails c={c} names={names} />
    </Paper>
  );
}

const CardLink = memo(function CardLink({ c }: { c: CaseView }) {
  return (
    <Anchor component={Link} to={`/cases/${c.id}`} fw={700} size="sm">
      {c.reference}
    </Anchor>
  );
});

/**
 * What a card says of its case. Memoised: dnd-kit renders every draggable card again at each step
 * of a drag, and with hundreds of cards on the board only the handles need to.
 */
const CardDetails = memo(function CardDetails({ c, names }: { c: CaseView; names: Map<string, string> }) {
  return (
    <>
      <Text size="sm">{c.member.fullName}</Text>
      <Text size="xs">Appeal deadline {formatDate(c.appealDeadline)}</Text>
      <Text size="xs">Assignee: {c.assigneeId ? (names.get(c.assigneeId) ?? '—') : 'nobody'}</Text>
      <Text size="xs" fw={c.priority === 'urgent' || c.priority === 'high' ? 700 : 400}>
        Priority: {PRIORITY_LABELS[c.priority]}
      </Text>
    </>
  );
});

const Card = memo(function Card({
  c,
  names,
  onMove,
}: {
  c: CaseView;
  names: Map<string, string>;
  onMove: (c: CaseView, to: CaseStatus) => void;
}) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, transform, isDragging } = useDraggable({
    id: c.id,
    data: { c },
  });
  const handle = (
    <Group gap={2} wrap="nowrap">
      <ActionIcon
        ref={setActivatorNodeRef}
        variant="subtle"
        color="gray.8"
        size="sm"
        {...attributes}
        {...listeners}
        aria-label={`Drag ${c.reference}`}
        className="board-handle"
      >
        <span aria-hidden>⠿</span>
      </ActionIcon>
      <CardMenu c={c} onMove={onMove} />
    </Group>
  );
  return (
    <div
      ref={setNodeRef}
      data-case={c.reference}
      style={{ transform: CSS.Translate.toString(transform), opacity: isDragging ? 0.4 : 1 }}
    >
      <CardBody c={c} names={names} handle={handle} />
    </div>
  );
});

/** The card's "Move to…" menu: the moves the server allows. Memoised with the card's details. */
const CardMenu = memo(function CardMenu({
  c,
  onMove,
}: {
  c: CaseView;
  onMove: (c: CaseView, to: CaseStatus) => void;
}) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray.8" size="sm" aria-label={`Move ${c.reference} to…`}>
          <span aria-hidden>⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to…</Menu.Label>
        {c.allowedTransitions.length === 0 ? (
          <Menu.Item disabled>No further step</Menu.Item>
        ) : (
          c.allowedTransitions.map((to) => (
            <Menu.Item key={to} onClick={() => onMove(c, to)}>
              {transitionVerb(c.status, to, STATUS_LABELS[to])}
            </Menu.Item>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
});

function BoardFilterForm({
  filters,
  assignees,
  onChange,
}: {
  filters: BoardFilters;
  assignees: { id: string; fullName: string }[];
  onChange: (f: BoardFilters) => void;
}) {
  const [region, setRegion] = useState(filters.region ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...filters, region, tag });
  };
  return (
    <form onSubmit={submit} aria-label="Filter the board">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Assignee"
          clearable
          data={assignees.map((u) => ({ value: u.id, label: u.fullName }))}
          value={filters.assigneeId ?? null}
          onChange={(v) => onChange({ ...filters, assigneeId: v ?? undefined })}
          w={200}
        />
        <Select
          label="Priority"
          clearable
          data={options(PRIORITY_LABELS)}
          value={filters.priority ?? null}
          onChange={(v) => onChange({ ...filters, priority: (v as BoardFilters['priority']) ?? undefined })}
          w={140}
        />
        <TextInput label="Region" value={region} onChange={(e) => setRegion(e.currentTarget.value)} w={160} />
        <TextInput label="Tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} w={140} />
        <Button type="submit" variant="default">
          Filter
        </Button>
      </Group>
    </form>
  );
}
