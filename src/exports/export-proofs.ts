import type { JsonValue } from '../log/leaf';
import type { RecordProof } from '../log/log.service';
import { assertNever, ExportEvent, ExportFormat } from './export-format';

/**
 * What makes a background export verifiable (docs/verifiable-record.md, "Verifiable exports"):
 * the checkpoint it was made at, and for every row the leaf of its timeline event, the inclusion
 * proof of that leaf, the salt and value of each field the row shows exactly as it was logged,
 * and only the digest of every other field. Pure: no Nest, no database.
 */
export const VERIFIABLE_EXPORT = 'caseline-verifiable-export/1';

/** The formats that carry proofs: inline in JSON and NDJSON, in a sidecar beside CSV. */
export type VerifiableFormat = 'csv' | 'json' | 'ndjson';

export function isVerifiable(format: ExportFormat): format is VerifiableFormat {
  return format === 'csv' || format === 'json' || format === 'ndjson';
}

/** One row's proof: the inline `proof` of a JSON or NDJSON event, or one line of a CSV's sidecar. */
export interface RowProof {
  leafIndex: number;
  kind: 'timeline';
  /** RFC 9162 inclusion path against the export's checkpoint, leaf side first, base64. */
  proof: string[];
  /** Fields the row shows: value and salt. */
  fields: Record<string, { salt: string; value: JsonValue }>;
  /** Fields it does not show: the digest the leaf commits to, nothing else. */
  withheld: Record<string, string>;
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
    default:
      return assertNever(format);
  }
}

/** The free-text fields pseudonymisation may rewrite; a rewritten one no longer shows the logged value. */
export const REDACTABLE_FIELDS = ['title', 'description', 'source'] as const;

/**
 * A row's proof. A field is disclosed when the row shows it and shows it as the record holds it
 * (`redacted` names the fields pseudonymisation rewrote) and its salt is still kept (an erased
 * field has none); every other field is withheld. The value disclosed is the value the row
 * shows, so a record edited behind the log's back fails the verifier instead of being hidden.
 */
export function rowProof(
  format: VerifiableFormat,
  event: ExportEvent,
  redacted: ReadonlySet<string>,
  logged: RecordProof,
): RowProof {
  const shown = shownFields(format, event);
  const fields: RowProof['fields'] = {};
  const withheld: RowProof['withheld'] = {};
  for (const name of Object.keys(logged.digests).sort()) {
    const salt = logged.salts[name];
    if (name in shown && !redacted.has(name) && salt) fields[name] = { salt, value: shown[name] };
    else withheld[name] = logged.digests[name];
  }
  return {
    leafIndex: logged.leafIndex,
    kind: 'timeline',
    proof: logged.proof.map((h) => h.toString('base64')),
    fields,
    withheld,
  };
}

/** What the export says about itself: in a JSON or NDJSON manifest as `verifiable`, and as a CSV sidecar's first line. */
export interface VerifiableHead {
  format: typeof VERIFIABLE_EXPORT;
  /** The C2SP tlog-checkpoint signed note the proofs are against. */
  checkpoint: string;
  /** When Caseline signed that checkpoint (ISO 8601; the note itself carries no time). */
  checkpointAt: string;
  /** CSV sidecar only: the column of the CSV that shows each leaf field. */
  columns?: Record<string, string>;
}

export function verifiableHead(
  checkpoint: { note: string; createdAt: Date },
  format: VerifiableFormat,
): VerifiableHead {
  const head = {
    format: VERIFIABLE_EXPORT,
    checkpoint: checkpoint.note,
    checkpointAt: checkpoint.createdAt.toISOString(),
  } as const;
  return format === 'csv' ? { ...head, columns: { ...CSV_FIELD_COLUMNS } } : head;
}

/** One line of a CSV's sidecar: the row's proof, or null for a row whose event has no leaf. */
export function sidecarLine(proof: RowProof | null): string {
  return `${JSON.stringify(proof)}\n`;
}
