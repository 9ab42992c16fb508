import { useQuery } from '@tanstack/react-query';
import { api, queryClient, unwrap } from './client';
import type { components } from './schema';

export type ReminderRow = components['schemas']['ReminderResponseDto'];
export type ReminderState = 'scheduled' | 'sent' | 'failed';

export const myRemindersKey = ['reminders', 'mine'];

/** Reminders in one state (GET /api/reminders, the first 200 by due time) that go to `userId`. */
export function useMyReminders(status: ReminderState, userId: string) {
  return useQuery({
    queryKey: [...myRemindersKey, status],
    queryFn: async ({ signal }) => {
      const page = await unwrap(
        api.GET('/api/reminders', { params: { query: { status, limit: 200 } as never }, signal }),
      );
      return page.items.filter((r) => r.recipientIds.includes(userId));
    },
  });
}

export const refreshMyReminders = () => queryClient.invalidateQueries({ queryKey: myRemindersKey });
