import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, queryClient, unwrap } from './client';

/** A member with all their cases and the other names they are known by (GET /api/members/:id). */
export function useMember(id: string | null) {
  return useQuery({
    queryKey: ['members', 'detail', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/members/{id}', { params: { path: { id: id! } }, signal })),
    enabled: id !== null,
  });
}

/** Members found by name (folded), membership number or email, once typing pauses; at least two characters. */
export function useMemberSearch(text: string) {
  const [q] = useDebouncedValue(text.trim(), 300);
  return useQuery({
    queryKey: ['members', 'search', q],
    queryFn: ({ signal }) => unwrap(api.GET('/api/members', { params: { query: { q, limit: 10 } }, signal })),
    enabled: q.length >= 2,
    staleTime: 30_000,
  });
}

/** POST /api/members/:id/merge: the member `id` goes into `intoId`, which is kept and returned. */
export function useMergeMember(id: string) {
  return useMutation({
    mutationFn: (body: { intoId: string; reason: string }) =>
      unwrap(api.POST('/api/members/{id}/merge', { params: { path: { id } }, body })),
    onSuccess: async (kept) => {
      queryClient.setQueryData(['members', 'detail', kept.id], kept);
      queryClient.removeQueries({ queryKey: ['members', 'detail', id] });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['members', 'search'] }),
        queryClient.invalidateQueries({ queryKey: ['members', 'matches'] }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
      ]);
    },
  });
}
