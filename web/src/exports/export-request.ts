import type { CreateExportBody, ExportManifest } from '../api/exports';
import type { Role } from '../api/types';
import { ACTION_LABELS, STATUS_LABELS } from '../ui/labels';
import { apiFilters, type CaseFilters } from '../stats/case-filter-params';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson', 'timelinejs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (spreadsheet)',
  json: 'JSON',
  ndjson: 'NDJSON (one event per line)',
  timelinejs: 'TimelineJS',
};

/** What the builder asks besides the case filters; it lives in the URL with them. */
export interface ExportChoice {
  format: ExportFormat;
  pseudonymise: boolean;
  includeSuperseded: boolean;
}

/** A researcher's exports are always pseudonymised (the API refuses anything else); a coordinator chooses. */
export function mayChooseNamed(role: Role): boolean {
  return role === 'coordinator' || role === 'admin';
}

export function parseExportChoice(params: URLSearchParams, role: Role): ExportChoice {
  const format = params.get('format');
  return {
    format: EXPORT_FORMATS.includes(format as ExportFormat) ? (format as ExportFormat) : 'csv',
    pseudonymise: !mayChooseNamed(role) || params.get('pseudonymise') !== 'false',
    includeSuperseded: params.get('includeSuperseded') === 'true',
  };
}

/** Writes the choice into `params` (other keys kept), defaults left out. */
export function writeExportChoice(choice: ExportChoice, params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('format');
  next.delete('pseudonymise');
  next.delete('includeSuperseded');
  if (choice.format !== 'csv') next.set('format', choice.format);
  if (!choice.pseudonymise) next.set('pseudonymise', 'false');
  if (choice.includeSuperseded) next.set('includeSuperseded', 'true');
  return next;
}

/** The body of POST /api/exports. */
export function exportBody(filters: CaseFilters, choice: ExportChoice): CreateExportBody {
  return {
    format: choice.format,
    filters: { ...apiFilters(filters), includeSuperseded: choice.includeSuperseded },
    pseudonymise: choice.pseudonymise,
    bom: false,
  };
}

/** The streamed export with the same filters (GET /api/exports/timeline), for small exports. */
export function downloadNowUrl(filters: CaseFilters, choice: ExportChoice): string {
  const params = new URLSearchParams({ format: choice.format });
  const f = apiFilters(filters);
  for (const s of f.status ?? []) params.append('status', s);
  for (const a of f.actionType ?? []) params.append('actionType', a);
  for (const key of ['region', 'constituencyParty', 'issuingBody', 'from', 'to'] as const) {
    if (f[key]) params.set(key, f[key]);
  }
  if (choice.includeSuperseded) params.set('includeSuperseded', 'true');
  params.set('pseudonymise', String(choice.pseudonymise));
  return `/api/exports/timeline?${params.toString()}`;
}

/** An export's filters in words, for the list ("All cases" when none). */
export function describeFilters(filters: ExportManifest['filters']): string {
  const parts: string[] = [];
  if (filters.status?.length)
    parts.push(`Status: ${filters.status.map((s) => STATUS_LABELS[s] ?? s).join(', ')}`);
  if (filters.actionType?.length)
    parts.push(`Action type: ${filters.actionType.map((a) => ACTION_LABELS[a] ?? a).join(', ')}`);
  if (filters.region) parts.push(`Region: ${filters.region}`);
  if (filters.constituencyParty) parts.push(`Constituency party: ${filters.constituencyParty}`);
  if (filters.issuingBody) parts.push(`Issuing body: ${filters.issuingBody}`);
  if (filters.from) parts.push(`From ${filters.from}`);
  if (filters.to) parts.push(`To ${filters.to}`);
  if (filters.caseId?.length) parts.push(`${filters.caseId.length} chosen cases`);
  if (filters.includeSuperseded) parts.push('with superseded events');
  return parts.length ? parts.join('; ') : 'All cases';
}

/** 1.2 MB */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${units[i]}`;
}
