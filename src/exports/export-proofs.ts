import type { JsonValue } from '../log/leaf';
import { TIMELINE_LEAF_FIELDS } from '../log/log-records';
import type { RecordProof } from '../log/log.service';
import { assertNever, EXPORT_FORMATS, ExportEvent, ExportFormat } from './export-format';

/**
 * What makes a background export verifiable (docs/verifiable-record.md, "Verifiable exports"):
 * the checkpoint it was made at, and for every row the leaf of its timeline event, the inclusion
 * proof of that leaf, the salt and value of each field the row shows exactly as it was logged,
 * and only the digest of every other field. Pure: no Nest, no database.
 */
export const VERIFIABLE_EXPORT = 'caseline-verifiable-export/2';

/** Every background export carries proofs: inline in JSON, NDJSON and TimelineJS, in a sidecar beside CSV. */
export type VerifiableFormat = ExportFormat;

export function isVerifiable(format: ExportFormat): format is VerifiableFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

/** One row's proof: the inline `proof` of a JSON or NDJSON event, or one line of a CSV's sidecar. */
export interface RowProof {
  /** The index of the event's leaf in the log. */
  leaf: number;
  /**
   * Base64 of 32 bytes per field of the leaf, in the order of the head's `fields`: the salt of a
   * field the row shows (its value is the one the row shows), the digest of a field it withholds.
   */
  fields: string;
  /** The fields the row withholds. */
  withheld: string[];
  /**
   * The leaf's RFC 9162 inclusion path, leaf side first, base64, less what the rows before it
   * already gave a reader (src/log/shared-paths.ts).
   */
  path: string[];
}

/**
 * The CSV column that shows each leaf field. A JSON or NDJSON event shows a leaf field under the
 * field's own name. Fields not listed here (caseId, recordedBy — a user id, shown as a name or a
 * role —, appealId) are never shown by an export, so they are always withheld.
 */
export const CSV_FIELD_COLUMNS = {
  id: 'event_id',
  type: 'event_type',
  occurredAt: 'occurred_at',
  precision: 'precision',
  title: 'title',
  description: 'description',
  source: 'source',
  recordedAt: 'recorded_at',
  supersedes: 'supersedes',
} as const;

/** The leaf fields an exported event shows in a format, with the value it shows for each. */
export function shownFields(format: VerifiableFormat, e: ExportEvent): Record<string, JsonValue> {
  const shown: Record<string, JsonValue> = {
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    precision: e.precision,
    title: e.title,
    description: e.description,
    source: e.source,
    recordedAt: e.recordedAt,
    supersedes: e.supersedes,
  };
  switch (format) {
    case 'csv':
      return shown; // CSV has no column of evidence ids
    case 'json':
    case 'ndjson':
      return { ...shown, evidenceIds: e.evidenceIds };
    case 'timelinejs':
      // A slide shows the event's id as it is (unique_id); its texts are HTML and its date a
      // TimelineJS date, not the values logged.
      return { id: e.id };
    default:
      return assertNever(format);
  }
}

/** The free-text fields pseudonymisation may rewrite; a rewritten one no longer shows the logged value. */
export const REDACTABLE_FIELDS = ['title', 'description', 'source'] as const;

const SALT_BYTES = 32;

/**
 * Whether a row shows a value so that a reader takes it back exactly: a CSV cell is text, and an
 * empty cell reads as null, so a CSV row shows null and non-empty text only.
 */
function readsBack(format: VerifiableFormat, value: JsonValue): boolean {
  return format !== 'csv' || value === null || (typeof value === 'string' && value !== '');
}

/**
 * A row's proof. A field is disclosed when the row shows it, shows it as the record holds it
 * (`redacted` names the fields pseudonymisation rewrote), so that a reader takes it back exactly,
 * and its salt is still kept (an erased field has none); every other field is withheld. The value
 * disclosed is the value the row shows, so a record edited behind the log's back fails the
 * verifier instead of being hidden. `path` is the part of the leaf's inclusion proof the row
 * carries (SharedPaths.share).
 */
export function rowProof(
  format: VerifiableFormat,
  event: ExportEvent,
  redacted: ReadonlySet<string>,
  logged: RecordProof,
  path: readonly Buffer[],
): RowProof {
  const names = Object.keys(logged.digests).sort();
  if (names.join() !== TIMELINE_LEAF_FIELDS.join())
    throw new Error(
      `leaf ${logged.leafIndex} commits to [${names.join(', ')}], not to a timeline event's fields`,
    );
  const shown = shownFields(format, event);
  const bytes = Buffer.alloc(SALT_BYTES * names.length);
  const withheld: string[] = [];
  names.forEach((name, i) => {
    const salt = logged.salts[name] ? Buffer.from(logged.salts[name], 'base64') : undefined;
    const disclosed =
      name in shown &&
      !redacted.has(name) &&
      readsBack(format, shown[name]) &&
      salt !== undefined &&
      salt.length === SALT_BYTES;
    if (disclosed) salt.copy(bytes, i * SALT_BYTES);
    else {
      Buffer.from(logged.digests[name], 'base64').copy(bytes, i * SALT_BYTES);
      withheld.push(name);
    }
  });
  return {
    leaf: logged.leafIndex,
    fields: bytes.toString('base64'),
    withheld,
    path: path.map((h) => h.toString('base64')),
  };
}

/** What the export says about itself: in a JSON or NDJSON manifest as `verifiable`, and as a CSV sidecar's first line. */
export interface VerifiableHead {
  format: typeof VERIFIABLE_EXPORT;
  /** The kind of the rows' leaves. */
  kind: 'timeline';
  /** The fields of those leaves, in the order a row's `fields` gives their salts or digests. */
  fields: string[];
  /** The C2SP tlog-checkpoint signed note the proofs are against. */
  checkpoint: string;
  /** When Caseline signed that checkpoint (ISO 8601; the note itself carries no time). */
  checkpointAt: string;
  /** CSV sidecar only: the column of the CSV that shows each leaf field. */
  columns?: Record<string, string>;
  /** TimelineJS only: the property of a slide that shows a leaf field named otherwise. */
  properties?: Record<string, string>;
}

export function verifiableHead(
  checkpoint: { note: string; createdAt: Date },
  format: VerifiableFormat,
): VerifiableHead {
  const head: VerifiableHead = {
    format: VERIFIABLE_EXPORT,
    kind: 'timeline',
    fields: [...TIMELINE_LEAF_FIELDS],
    checkpoint: checkpoint.note,
    checkpointAt: checkpoint.createdAt.toISOString(),
  };
  if (format === 'csv') return { ...head, columns: { ...CSV_FIELD_COLUMNS } };
  if (format === 'timelinejs') return { ...head, properties: { id: 'unique_id' } };
  return head;
}

/** One line of a CSV's sidecar: the row's proof, or null for a row whose event has no leaf. */
export function sidecarLine(proof: RowProof | null): string {
  return `${JSON.stringify(proof)}\n`;
}
