import { DomainError } from '../http/domain-error';
import { ExportFilters, ExportScope, occurredRange } from './export-query';

/** The filters as given, without empty keys: what manifests and audit entries show. */
export function cleanFilters(dto: object | undefined): ExportFilters {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dto ?? {})) if (value !== undefined) out[key] = value;
  return out as ExportFilters;
}

/**
 * Who may export what. Privacy by default: pseudonymised unless a coordinator or an admin asks
 * otherwise; researchers never get names and never see members who did not consent to research.
 * Also checks that the filters are usable (the date bounds parse), so that every refusal comes
 * before a streamed export has sent its headers.
 */
export function exportScope(
  user: { role: string },
  filters: ExportFilters,
  pseudonymise?: boolean,
): ExportScope {
  const researcher = user.role === 'researcher';
  if (researcher && pseudonymise === false) {
    throw new DomainError(
      'FORBIDDEN',
      'Researchers may only make pseudonymised exports (pseudonymise must be true)',
    );
  }
  occurredRange(filters);
  return { filters, pseudonymise: pseudonymise ?? true, consentingMembersOnly: researcher };
}
