import type { components } from './schema';
import { allOf } from './types';

/** Names for the generated answers of the case page's routes (schema.d.ts), and the choices it offers. */
type Schemas = components['schemas'];

export type AppealView = Schemas['AppealResponseDto'];

export type EventType = Schemas['TimelineEventType'];
const EVENT_TYPES = allOf<EventType>()([
  'action_taken',
  'notified',
  'status_changed',
  'appeal_lodged',
  'hearing',
  'decision',
  'evidence_added',
  'correspondence',
  'meeting',
  'media',
  'note',
] as const);
/** The types a person may write (the others are written by the workflow and uploads). */
export const MANUAL_EVENT_TYPES = EVENT_TYPES.filter((t) => t !== 'status_changed' && t !== 'evidence_added');

export type Precision = Schemas['DatePrecision'];
export const PRECISIONS = allOf<Precision>()(['exact', 'day', 'month', 'year'] as const);

export type TimelineEventView = Schemas['TimelineEventResponseDto'];
export type EvidenceView = Schemas['EvidenceResponseDto'];

export type Channel = Schemas['Channel'];
export type ReminderView = Schemas['ReminderResponseDto'];
