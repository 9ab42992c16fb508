import { useMutation, useQuery } from '@tanstack/react-query';
import { caseKey, refreshCase } from './case-keys';
import type { Channel, ReminderView } from './case-types';
import { api, unwrap } from './client';
import type { Page } from './types';

export function useReminders(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId, 'reminders'),
    queryFn: ({ signal }) =>
      unwrap<Page<ReminderView>>(
        api.GET('/api/cases/{id}/reminders', {
          params: { path: { id: caseId }, query: { limit: 200 } as never },
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
        ? unwrap<ReminderView>(api.PATCH('/api/reminders/{id}', { params: { path: { id } }, body }))
        : unwrap<ReminderView>(
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
    mutationFn: (id: string) =>
      unwrap<ReminderView>(api.DELETE('/api/reminders/{id}', { params: { path: { id } } })),
    onSettled: () => refreshCase(caseId),
  });
}
