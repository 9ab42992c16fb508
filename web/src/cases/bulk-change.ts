import { ApiError, errorMessages } from '../api/errors';
import type { CaseChange } from '../api/transitions';
import type { CaseView, Priority } from '../api/types';

/** One change applied to each selected case (PATCH /api/cases/:id, each with the version it was read at). */
export type BulkChange =
  | { kind: 'assigneeId'; value: string | null }
  | { kind: 'coordinatorId'; value: string | null }
  | { kind: 'priority'; value: Priority }
  | { kind: 'tag'; value: string };

/** The PATCH body for one case, or null when the case already is as asked (no request needed). */
export function bulkBody(c: CaseView, change: BulkChange): (CaseChange & { version: number }) | null {
  switch (change.kind) {
    case 'assigneeId':
    case 'coordinatorId':
    case 'priority':
      return c[change.kind] === change.value ? null : { version: c.version, [change.kind]: change.value };
    case 'tag': {
      const tag = change.value.trim();
      if (!tag || c.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return null;
      return { version: c.version, tags: [...c.tags, tag] };
    }
  }
}

export interface BulkOutcome {
  id: string;
  reference: string;
  ok: boolean;
  text: string;
}

/** What happened to one case, in words ("CL-2026-0003: changed by someone else in the meantime (409)"). */
export function bulkOutcome(
  c: Pick<CaseView, 'id' | 'reference'>,
  result: 'changed' | 'unchanged' | unknown,
): BulkOutcome {
  if (result === 'changed')
    return { id: c.id, reference: c.reference, ok: true, text: `${c.reference}: changed` };
  if (result === 'unchanged')
    return { id: c.id, reference: c.reference, ok: true, text: `${c.reference}: already so, not changed` };
  const why =
    result instanceof ApiError && result.status === 409
      ? 'changed by someone else in the meantime (409); open it, check and try again'
      : result instanceof ApiError
        ? `refused (${result.status}): ${result.messages.join(' ')}`
        : errorMessages(result).join(' ');
  return { id: c.id, reference: c.reference, ok: false, text: `${c.reference}: ${why}` };
}
