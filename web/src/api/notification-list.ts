import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, queryClient, unwrap } from './client';
import type { components } from './schema';

/** The key of the header's unread count (api/notifications.ts). */
const UNREAD_KEY = ['notifications', 'unread'];

export function useNotifications(page: number) {
  return useQuery({
    queryKey: ['notifications', 'list', page],
    queryFn: async ({ signal }) => {
      const answer = await unwrap(
        api.GET('/api/notifications', { params: { query: { page, limit: 50 } }, signal }),
      );
      // The header's count (useUnreadCount) shows the same fresh figure.
      queryClient.setQueryData<components['schemas']['NotificationPageDto']>(UNREAD_KEY, (old) =>
        old ? { ...old, unread: answer.unread } : old,
      );
      return answer;
    },
    placeholderData: keepPreviousData,
  });
}

/** Marks one read; the list and the header's unread count (both under ['notifications']) refresh. */
export function useMarkRead() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
