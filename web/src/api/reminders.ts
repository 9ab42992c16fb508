import { useMutation, useQuery } from '@tanstack/react-query';
import { caseKey, refreshCase } from './case-keys';
import type { Channel } from './case-types';
import { api, unwrap } from './client';

export function useReminders(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId, 'reminders'),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/cases/{id}/reminders', {
          params: { path: { id: caseId }, query: { limit: 200 } },
          signal,
        }),
      ),
  });
}

export interface ReminderInput {
  dueAt: string;
  message: string;
  channels: Channel[];
}

export function useSaveReminder(caseId: string) {
  return useMutation({
    mutationFn: ({ id, ...body }: ReminderInput & { id?: string }) =>
      id
        ? unwrap(api.PATCH('/api/reminders/{id}', { params: { path: { id } }, body }))
        : unwrap(
            api.POST('/api/cases/{id}/reminders', {
              params: { path: { id: caseId } },
              body: { ...body, kind: 'custom' },
            }),
          ),
    onSuccess: () => refreshCase(caseId),
  });
}

export function useCancelReminder(caseId: string) {
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/reminders/{id}', { params: { path: { id } } })),
    onSettled: () => refreshCase(caseId),
  });
}
