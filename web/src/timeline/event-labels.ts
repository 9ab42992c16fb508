import type { EventType, Precision } from '../api/case-types';

export const EVENT_LABELS: Record<EventType, string> = {
  action_taken: 'Action taken',
  notified: 'Notified',
  status_changed: 'Status changed',
  appeal_lodged: 'Appeal lodged',
  hearing: 'Hearing',
  decision: 'Decision',
  evidence_added: 'Evidence added',
  correspondence: 'Correspondence',
  meeting: 'Meeting',
  media: 'Media',
  note: 'Note',
};

export const PRECISION_LABELS: Record<Precision, string> = {
  day: 'Day',
  month: 'Month',
  year: 'Year',
  exact: 'Exact time',
};

/** An event's date as precise as it is known: "2019", "Mar 2019", "4 Mar 2019", "4 Mar 2019, 10:15". */
export function formatOccurred(iso: string, precision: Precision): string {
  const d = new Date(iso);
  const utc = { timeZone: 'UTC' } as const;
  switch (precision) {
    case 'year':
      return String(d.getUTCFullYear());
    case 'month':
      return d.toLocaleDateString('en-GB', { ...utc, month: 'short', year: 'numeric' });
    case 'day':
      return d.toLocaleDateString('en-GB', { ...utc, day: 'numeric', month: 'short', year: 'numeric' });
    case 'exact':
      return d.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
  }
}

/** The form's date as the API's occurredAt for that precision: YYYY, YYYY-MM, YYYY-MM-DD or an ISO instant. */
export function occurredAtValue(
  precision: Precision,
  day: string | null,
  text: string,
  time: string,
): string {
  switch (precision) {
    case 'day':
      return day ?? '';
    case 'exact':
      return day ? new Date(`${day}T${time || '00:00'}`).toISOString() : '';
    default:
      return text.trim();
  }
}
