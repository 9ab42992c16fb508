import { useMutation, useQuery } from '@tanstack/react-query';
import { caseKey, refreshCase } from './case-keys';
import type { AppealView } from './case-types';
import { api, unwrap } from './client';

export function useAppeals(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId, 'appeals'),
    queryFn: ({ signal }) =>
      unwrap<AppealView[]>(api.GET('/api/cases/{id}/appeals', { params: { path: { id: caseId } }, signal })),
  });
}

export interface NewAppeal {
  lodgedAt: string;
  body: string;
  grounds?: string;
  hearingAt?: string;
}

export function createAppeal(caseId: string, body: NewAppeal) {
  return unwrap<AppealView>(api.POST('/api/cases/{id}/appeals', { params: { path: { id: caseId } }, body }));
}

export interface AppealChange {
  version: number;
  lodgedAt?: string;
  body?: string;
  grounds?: string | null;
  hearingAt?: string | null;
  outcome?: 'withdrawn';
}

export function updateAppeal(id: string, body: AppealChange) {
  return unwrap<AppealView>(
    api.PATCH('/api/appeals/{id}', { params: { path: { id } }, body: body as never }),
  );
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
