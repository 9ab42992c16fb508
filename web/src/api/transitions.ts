import { useMutation, useQuery } from '@tanstack/react-query';
import { createAppeal, updateAppeal, type NewAppeal } from './appeals';
import { caseKey, refreshCase } from './case-keys';
import type { AppealView } from './case-types';
import { api, queryClient, unwrap } from './client';
import type { components } from './schema';
import type { CaseStatus } from './types';

export function useHistory(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId, 'transitions'),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/cases/{id}/transitions', { params: { path: { id: caseId } }, signal })),
  });
}

export interface TransitionRequest {
  to: CaseStatus;
  version: number;
  occurredAt?: string;
  reason?: string;
  note?: string;
  /** Record this appeal first (the case has no pending one). */
  newAppeal?: NewAppeal;
  /** Set the pending appeal's hearing date first. */
  hearing?: { appeal: AppealView; hearingAt: string };
}

/**
 * One step of the workflow as the dialog asks for it: what the guard needs is written first
 * (an appeal recorded, a hearing date set), then the transition. Each is its own API call, so a
 * refusal names the call that failed; what succeeded before it stays (and is shown on refresh).
 */
export function useTransition(caseId: string) {
  return useMutation({
    mutationFn: async (r: TransitionRequest) => {
      if (r.newAppeal) await createAppeal(caseId, r.newAppeal);
      if (r.hearing)
        await updateAppeal(r.hearing.appeal.id, {
          version: r.hearing.appeal.version,
          hearingAt: r.hearing.hearingAt,
        });
      const body: components['schemas']['CreateTransitionDto'] = { to: r.to, version: r.version };
      if (r.occurredAt) body.occurredAt = r.occurredAt;
      if (r.reason?.trim()) body.reason = r.reason;
      if (r.note?.trim()) body.note = r.note;
      return unwrap(api.POST('/api/cases/{id}/transitions', { params: { path: { id: caseId } }, body }));
    },
    onSettled: () => refreshCase(caseId),
  });
}

export type CaseChange = Omit<
  components['schemas']['UpdateCaseDto'],
  'priority' | 'assigneeId' | 'coordinatorId'
> & {
  priority?: components['schemas']['UpdateCaseDto']['priority'];
  assigneeId?: string | null;
  coordinatorId?: string | null;
};

export function useUpdateCase(caseId: string) {
  return useMutation({
    mutationFn: (body: CaseChange) =>
      unwrap(api.PATCH('/api/cases/{id}', { params: { path: { id: caseId } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(caseKey(caseId), saved);
      return refreshCase(caseId);
    },
  });
}

/** The case as the server has it now (after a 409: what someone else saved). */
export function fetchFreshCase(caseId: string) {
  return queryClient.fetchQuery({
    queryKey: caseKey(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}', { params: { path: { id: caseId } } })),
    staleTime: 0,
  });
}
