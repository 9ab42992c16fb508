import { useMutation, useQuery } from '@tanstack/react-query';
import { caseKey, refreshCase } from './case-keys';
import { api, unwrap } from './client';
import type { components } from './schema';

export function useAppeals(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId, 'appeals'),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/cases/{id}/appeals', { params: { path: { id: caseId } }, signal })),
  });
}

export type NewAppeal = components['schemas']['CreateAppealDto'];

export function createAppeal(caseId: string, body: NewAppeal) {
  return unwrap(api.POST('/api/cases/{id}/appeals', { params: { path: { id: caseId } }, body }));
}

export type AppealChange = components['schemas']['UpdateAppealDto'];

export function updateAppeal(id: string, body: AppealChange) {
  return unwrap(api.PATCH('/api/appeals/{id}', { params: { path: { id } }, body }));
}

export function useCreateAppeal(caseId: string) {
  return useMutation({
    mutationFn: (body: NewAppeal) => createAppeal(caseId, body),
    onSettled: () => refreshCase(caseId),
  });
}

export function useUpdateAppeal(caseId: string) {
  return useMutation({
    mutationFn: ({ id, ...body }: AppealChange & { id: string }) => updateAppeal(id, body),
    onSettled: () => refreshCase(caseId),
  });
}
