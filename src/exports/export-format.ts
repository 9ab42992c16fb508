import { DatePrecision } from '../timeline/timeline-event.entity';
import type { RowProof, VerifiableHead } from './export-proofs';

/** The document formats of a timeline export, and how each is served. Pure: no Nest, no database. */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson', 'timelinejs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

export const FORMAT_FILES: Record<ExportFormat, { extension: string; contentType: string }> = {
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  json: { extension: 'json', contentType: 'application/json; charset=utf-8' },
  ndjson: { extension: 'ndjson', contentType: 'application/x-ndjson; charset=utf-8' },
  timelinejs: { extension: 'timelinejs.json', contentType: 'application/json; charset=utf-8' },
};

/** caseline-timeline-2026-11-25.csv */
export function exportFilename(format: ExportFormat, at: Date): string {
  return `caseline-timeline-${at.toISOString().slice(0, 10)}.${FORMAT_FILES[format].extension}`;
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}

/** One exported event, already pseudonymised when the export is. */
export interface ExportEvent {
  caseReference: string;
  /** The member's pseudonym (M-…) or, in a named export, their full name. */
  member: string;
  region: string | null;
  constituencyParty: string | null;
  actionType: string;
  caseStatus: string;
  id: string;
  type: string;
  /** ISO 8601 in UTC (`2019-03-04T15:42:09.123Z`), as Date#toISOString writes it. */
  occurredAt: string;
  precision: DatePrecision;
  title: string;
  description: string | null;
  source: string | null;
  evidenceIds: string[];
  /** Hashes of the event's evidence files, in the order of evidenceIds (when known). */
  evidenceSha256: string[];
  /** ISO 8601 in UTC, like occurredAt. */
  recordedAt: string;
  /** The recorder's role (pseudonymised) or full name. */
  recordedBy: string;
  supersedes: string | null;
  supersededBy: string | null;
  /** Background JSON and NDJSON exports: the row's proof (null when its event has no leaf). */
  proof?: RowProof | null;
}

export const CSV_COLUMNS = [
  'case_reference',
  'member',
  'region',
  'constituency_party',
  'action_type',
  'case_status',
  'event_id',
  'event_type',
  'occurred_at',
  'precision',
  'title',
  'description',
  'source',
  'evidence_sha256',
  'recorded_at',
  'recorded_by',
  'supersedes',
  'superseded_by',
] as const;

/** One CSV record, in CSV_COLUMNS order; quoting is csv-stringify's job. */
export function csvRecord(e: ExportEvent): string[] {
  return [
    e.caseReference,
    e.member,
    e.region ?? '',
    e.constituencyParty ?? '',
    e.actionType,
    e.caseStatus,
    e.id,
    e.type,
    e.occurredAt,
    e.precision,
    e.title,
    e.description ?? '',
    e.source ?? '',
    e.evidenceSha256.join(';'),
    e.recordedAt,
    e.recordedBy,
    e.supersedes ?? '',
    e.supersededBy ?? '',
  ];
}

const SQLITE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

/**
 * A timestamp column as ISO 8601 in UTC. SQLite keeps UTC text 'YYYY-MM-DD HH:MM:SS.SSS', which
 * only needs its separator and zone rewritten (no Date parse and format per row); any other text
 * goes through Date. PostgreSQL returns a Date.
 */
export function isoTimestamp(value: string | Date): string {
  if (typeof value !== 'string') return value.toISOString();
  if (SQLITE_TIMESTAMP.test(value)) return `${value.slice(0, 10)}T${value.slice(11)}Z`;
  return new Date(`${value.replace(' ', 'T')}Z`).toISOString();
}

export interface TimelineJsDate {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
}

/**
 * A TimelineJS3 date that says no more than the event's precision: a month-precision event has
 * year and month only. occurredAt holds the start of the period, in UTC.
 */
export function timelineJsDate(occurredAt: Date, precision: DatePrecision): TimelineJsDate {
  const year = occurredAt.getUTCFullYear();
  const month = occurredAt.getUTCMonth() + 1;
  const day = occurredAt.getUTCDate();
  switch (precision) {
    case DatePrecision.Year:
      return { year };
    case DatePrecision.Month:
      return { year, month };
    case DatePrecision.Day:
      return { year, month, day };
    case DatePrecision.Exact:
      return { year, month, day, hour: occurredAt.getUTCHours(), minute: occurredAt.getUTCMinutes() };
    default:
      return assertNever(precision);
  }
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** TimelineJS renders headline and text as HTML: both are escaped, newlines become <br>. */
export function timelineJsEvent(e: ExportEvent) {
  const paragraphs = [e.description, e.source ? `Source: ${e.source}` : null]
    .filter((p): p is string => Boolean(p))
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`);
  return {
    start_date: timelineJsDate(new Date(e.occurredAt), e.precision),
    text: { headline: escapeHtml(e.title), text: paragraphs.join('') },
    group: e.caseReference,
    unique_id: e.id,
  };
}

export interface ExportManifestHead {
  generatedAt: string;
  format: ExportFormat;
  filters: object;
  pseudonymised: boolean;
  /** Background exports: the checkpoint their proofs are against (export-proofs.ts). */
  verifiable?: VerifiableHead;
}

/** The TimelineJS title slide. */
export function timelineJsTitle(head: ExportManifestHead) {
  return {
    text: {
      headline: 'Caseline timeline',
      text: escapeHtml(
        `Generated ${head.generatedAt}${head.pseudonymised ? ', pseudonymised' : ''}. Groups are case references.`,
      ),
    },
  };
}
