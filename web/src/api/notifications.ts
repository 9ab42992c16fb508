import { useQuery } from '@tanstack/react-query';
import { api, queryClient, unwrap } from './client';

/**
 * The unread count of the header badge. It is read again when the user moves to another screen or
 * comes back to the window, not on a timer: a timer would keep an unattended session from ever
 * reaching its idle timeout (SESSION_IDLE_MINUTES).
 */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/notifications', { params: { query: { limit: 1 } }, signal })),
    select: (page) => page.unread,
    enabled,
  });
}

/** Marks the count stale, so the badge is read again (on each move to another screen). */
export function refreshUnreadCount(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['notifications', 'unread'] });
}
