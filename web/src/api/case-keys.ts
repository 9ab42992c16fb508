import { queryClient } from './client';

/**
 * Query keys of one case's page. Everything about a case lives under ['cases', id], so one
 * invalidation after any change refreshes the header, timeline, appeals, evidence, reminders and
 * history together (the server writes timeline events and reminders as side effects of most changes).
 */
export const caseKey = (id: string, part?: string) => (part ? ['cases', id, part] : ['cases', id]);

export function refreshCase(id: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKey(id) }),
    queryClient.invalidateQueries({ queryKey: ['cases', 'list'] }),
    queryClient.invalidateQueries({ queryKey: ['members'] }),
  ]);
}
