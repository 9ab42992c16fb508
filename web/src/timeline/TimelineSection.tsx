import { Anchor, Badge, Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { Dialog } from '../ui/Dialog';
import { DialogButtons } from '../ui/DialogButtons';
import { TimeInput } from '@mantine/dates';
import { useState, type FormEvent } from 'react';
import {
  MANUAL_EVENT_TYPES,
  PRECISIONS,
  type EventType,
  type Precision,
  type TimelineEventView,
} from '../api/case-types';
import { useAddEvent, useCorrectEvent, useTimeline } from '../api/timeline';
import { DateField } from '../ui/DateField';
import { options } from '../ui/labels';
import { Loaded } from '../ui/Loaded';
import { Section } from '../ui/Section';
import { ServerErrors } from '../ui/ServerErrors';
import { EVENT_LABELS, formatOccurred, occurredAtValue, PRECISION_LABELS } from './event-labels';

const anchor = (id: string) => `event-${id}`;
/** Status changes and uploads are the system's record of what was done: corrected by what changes them, not here. */
const isManual = (type: string) => (MANUAL_EVENT_TYPES as readonly string[]).includes(type);

/** The case's timeline: every event, corrections beside what they correct (struck through, linked both ways). */
export function TimelineSection({ caseId, canWrite }: { caseId: string; canWrite: boolean }) {
  const timeline = useTimeline(caseId);
  const [adding, setAdding] = useState(false);
  const [correcting, setCorrecting] = useState<TimelineEventView | null>(null);
  const events = timeline.data ?? [];
  const byId = new Map(events.map((e) => [e.id, e]));
  return (
    <Section
      id="timeline"
      title="Timeline"
      actions={
        canWrite && (
          <Button size="xs" onClick={() => setAdding(true)}>
            Add an event
          </Button>
        )
      }
    >
      <Loaded
        query={timeline}
        loading="Loading the timeline…"
        empty={events.length === 0 ? 'No events yet.' : null}
      >
        <Stack component="ol" gap="xs" className="plain-list" aria-label="Events">
          {events.map((e) => (
            <EventItem
              key={e.id}
              event={e}
              correction={e.supersededBy ? byId.get(e.supersededBy) : undefined}
              corrected={e.supersedes ? byId.get(e.supersedes) : undefined}
              onCorrect={canWrite && !e.supersededBy && isManual(e.type) ? () => setCorrecting(e) : undefined}
            />
          ))}
        </Stack>
      </Loaded>
      {adding && <EventDialog caseId={caseId} onClose={() => setAdding(false)} />}
      {correcting && (
        <EventDialog caseId={caseId} original={correcting} onClose={() => setCorrecting(null)} />
      )}
    </Section>
  );
}

function EventItem({
  event: e,
  correction,
  corrected,
  onCorrect,
}: {
  event: TimelineEventView;
  correction?: TimelineEventView;
  corrected?: TimelineEventView;
  onCorrect?: () => void;
}) {
  const superseded = Boolean(e.supersededBy);
  const body = (
    <>
      <Text fw={600} component="span">
        {e.title}
      </Text>
      {e.description && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {e.description}
        </Text>
      )}
      {e.source && <Text size="sm">Source: {e.source}</Text>}
    </>
  );
  return (
    <li id={anchor(e.id)} className={superseded ? 'event superseded' : 'event'}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {formatOccurred(e.occurredAt, e.precision)}
            </Text>
            <Badge variant="outline" color="gray.8" size="sm">
              {EVENT_LABELS[e.type] ?? e.type}
            </Badge>
            {superseded && (
              <Badge color="orange.9" size="sm" variant="outline">
                superseded
              </Badge>
            )}
          </Group>
          {superseded ? <del>{body}</del> : <div>{body}</div>}
          {superseded && (
            <Text size="sm">
              Superseded by{' '}
              <Anchor href={`#${anchor(e.supersededBy!)}`}>
                the correction{correction ? `: ${correction.title}` : ''}
              </Anchor>
            </Text>
          )}
          {e.supersedes && (
            <Text size="sm">
              Corrects{' '}
              <Anchor href={`#${anchor(e.supersedes)}`}>
                the earlier entry{corrected ? `: ${corrected.title}` : ''}
              </Anchor>
            </Text>
          )}
        </Stack>
        {onCorrect && (
          <Button size="compact-sm" variant="default" onClick={onCorrect} aria-label={`Correct: ${e.title}`}>
            Correct
          </Button>
        )}
      </Group>
    </li>
  );
}

interface EventDraft {
  type: EventType | null;
  precision: Precision;
  day: string | null;
  text: string;
  time: string;
  title: string;
  description: string;
  source: string;
  reason: string;
}

function draftOf(e?: TimelineEventView): EventDraft {
  if (!e)
    return {
      type: 'note',
      precision: 'day',
      day: null,
      text: '',
      time: '',
      title: '',
      description: '',
      source: '',
      reason: '',
    };
  const iso = e.occurredAt;
  return {
    type: e.type,
    precision: e.precision,
    day: e.precision === 'exact' ? null : iso.slice(0, 10),
    text: e.precision === 'year' ? iso.slice(0, 4) : e.precision === 'month' ? iso.slice(0, 7) : '',
    time: '',
    title: e.title,
    description: e.description ?? '',
    source: e.source ?? '',
    reason: '',
  };
}

/** Add an event, or correct one (`original`): a correction sends only what changed, and asks why. */
function EventDialog({
  caseId,
  original,
  onClose,
}: {
  caseId: string;
  original?: TimelineEventView;
  onClose: () => void;
}) {
  const [d, setD] = useState<EventDraft>(() => draftOf(original));
  const set = <K extends keyof EventDraft>(k: K, v: EventDraft[K]) => setD((old) => ({ ...old, [k]: v }));
  const add = useAddEvent(caseId);
  const correct = useCorrectEvent(caseId);
  const mutation = original ? correct : add;
  const manual = isManual(d.type ?? '');

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const occurredAt = occurredAtValue(d.precision, d.day, d.text, d.time);
    if (!original) {
      add.mutate(
        {
          type: (d.type ?? 'note') as never,
          occurredAt,
          precision: d.precision,
          title: d.title,
          ...(d.description.trim() ? { description: d.description } : {}),
          ...(d.source.trim() ? { source: d.source } : {}),
        },
        { onSuccess: onClose },
      );
      return;
    }
    const before = draftOf(original);
    const dateChanged =
      d.precision !== before.precision ||
      d.day !== before.day ||
      d.text !== before.text ||
      d.precision === 'exact';
    correct.mutate(
      {
        id: original.id,
        reason: d.reason,
        ...(d.type !== before.type ? { type: d.type as never } : {}),
        ...(dateChanged && occurredAt ? { occurredAt, precision: d.precision } : {}),
        ...(d.title !== before.title ? { title: d.title } : {}),
        ...(d.description !== before.description ? { description: d.description } : {}),
        ...(d.source !== before.source ? { source: d.source } : {}),
      },
      { onSuccess: onClose },
    );
  };

  const typeOptions = options(EVENT_LABELS).filter(
    (o) => (MANUAL_EVENT_TYPES as readonly string[]).includes(o.value) || o.value === original?.type,
  );
  return (
    <Dialog onClose={onClose} title={original ? 'Correct an event' : 'Add an event'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {original && (
            <Text size="sm">
              The original stays on the timeline, struck through and linked to this correction.
            </Text>
          )}
          <Select
            label="Type"
            required
            data={typeOptions}
            value={d.type}
            onChange={(x) => set('type', x as EventType)}
            allowDeselect={false}
            disabled={Boolean(original) && !manual}
          />
          <Group grow align="flex-start">
            <Select
              label="Precision"
              description="How exactly the date is known"
              data={PRECISIONS.map((p) => ({ value: p, label: PRECISION_LABELS[p] }))}
              value={d.precision}
              onChange={(x) => x && set('precision', x as Precision)}
              allowDeselect={false}
            />
            {d.precision === 'day' || d.precision === 'exact' ? (
              <DateField label="Date" required value={d.day} onChange={(x) => set('day', x)} />
            ) : (
              <TextInput
                label="Date"
                required
                description={
                  d.precision === 'month' ? 'YYYY-MM, for example 2019-03' : 'YYYY, for example 2019'
                }
                value={d.text}
                onChange={(e) => set('text', e.currentTarget.value)}
              />
            )}
            {d.precision === 'exact' && (
              <TimeInput label="Time" value={d.time} onChange={(e) => set('time', e.currentTarget.value)} />
            )}
          </Group>
          <TextInput
            label="Title"
            required
            value={d.title}
            onChange={(e) => set('title', e.currentTarget.value)}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={d.description}
            onChange={(e) => set('description', e.currentTarget.value)}
          />
          <TextInput
            label="Source"
            description="Where the information comes from"
            value={d.source}
            onChange={(e) => set('source', e.currentTarget.value)}
          />
          {original && (
            <Textarea
              label="Reason for the correction"
              required
              autosize
              minRows={2}
              value={d.reason}
              onChange={(e) => set('reason', e.currentTarget.value)}
            />
          )}
          <ServerErrors error={mutation.error} />
          <DialogButtons
            onCancel={onClose}
            submit={original ? 'Save the correction' : 'Add the event'}
            busy={mutation.isPending}
          />
        </Stack>
      </form>
    </Dialog>
  );
}
