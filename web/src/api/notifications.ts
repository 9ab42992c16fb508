import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { NotificationPage } from './types';

/** The unread count of the header badge, refreshed every minute while the app is open. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: ({ signal }) =>
      unwrap<NotificationPage>(api.GET('/api/notifications', { params: { query: { limit: 1 } }, signal })),
    select: (page) => page.unread,
    refetchInterval: 60_000,
    enabled,
  });
}
