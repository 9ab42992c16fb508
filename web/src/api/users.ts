import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

export type DirectoryUser = components['schemas']['DirectoryEntryDto'];

/** The active caseworkers and coordinators: for Assignee and Coordinator, and to name the assignee in lists. */
export function useDirectory(enabled = true) {
  return useQuery({
    queryKey: ['users', 'directory'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/users/directory', { signal })),
    staleTime: 5 * 60_000,
    enabled,
  });
}
