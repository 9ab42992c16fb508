import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** A member with all their cases (GET /api/members/:id). */
export function useMember(id: string) {
  return useQuery({
    queryKey: ['members', 'detail', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/members/{id}', { params: { path: { id } }, signal })),
  });
}
