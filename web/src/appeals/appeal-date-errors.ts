import { ApiError } from '../api/errors';
import { dateConflictErrors, dateConflictsOf } from '../ui/form-errors';
import { formatDate, formatDateTime } from '../ui/labels';

/** The date inputs of the appeal and decision forms that a 422 DATE_CONFLICT can name. */
export interface AppealDateErrors {
  lodgedAt?: string;
  hearingDate?: string;
  decisionDate?: string;
}

const FIELDS = { lodgedAt: 'lodgedAt', hearingAt: 'hearingDate', occurredAt: 'decisionDate' };
const LABELS: Record<string, string> = {
  lodgedAt: 'the lodging date',
  hearingAt: 'the hearing',
  decidedAt: 'the decision',
  'appeal.lodgedAt': "the appeal's lodging date",
  'appeal.hearingAt': 'the hearing',
};

/** What each date input shows beside itself when the server refused the dates together. */
export function appealDateErrors(error: unknown): AppealDateErrors {
  if (!(error instanceof ApiError)) return {};
  return dateConflictErrors(dateConflictsOf(error.body), FIELDS, LABELS, (v) =>
    v.length === 10 ? formatDate(v) : formatDateTime(v),
  );
}
