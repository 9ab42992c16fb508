import { useMutation, useQuery } from '@tanstack/react-query';
import { caseKey, refreshCase } from './case-keys';
import { api, unwrap } from './client';
import type { components } from './schema';

export function useTimeline(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId, 'timeline'),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/cases/{id}/timeline', { params: { path: { id: caseId } }, signal })),
  });
}

export type NewEvent = components['schemas']['CreateEventDto'];
export type EventCorrection = components['schemas']['CorrectEventDto'];

export function useAddEvent(caseId: string) {
  return useMutation({
    mutationFn: (body: NewEvent) =>
      unwrap(api.POST('/api/cases/{id}/events', { params: { path: { id: caseId } }, body })),
    onSuccess: () => refreshCase(caseId),
  });
}

export function useCorrectEvent(caseId: string) {
  return useMutation({
    mutationFn: ({ id, ...body }: EventCorrection & { id: string }) =>
      unwrap(api.POST('/api/events/{id}/corrections', { params: { path: { id } }, body })),
    onSuccess: () => refreshCase(caseId),
  });
}
