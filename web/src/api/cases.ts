import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { assigneeFilter, type CaseListQuery, parseCaseListParams } from '../cases/case-list-params';
import { api, queryClient, unwrap } from './client';
import type { components } from './schema';
import { prefetchSession } from './session';

const caseListQuery = (query: CaseListQuery) => ({
  queryKey: ['cases', 'list', query],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    unwrap(
      api.GET('/api/cases', {
        params: {
          query: {
            ...query,
            status: query.status.length ? query.status : undefined,
            actionType: query.actionType.length ? query.actionType : undefined,
          },
        },
        signal,
      }),
    ),
});

export function useCaseList(query: CaseListQuery) {
  return useQuery({
    ...caseListQuery(query),
    // The previous page stays on screen while the next one loads.
    placeholderData: keepPreviousData,
  });
}

/**
 * Asks for the list the URL names as soon as /cases is navigated to, while its screen's code loads
 * (the route's loader); the screen then finds the answer, or the request under way, in the cache.
 */
export async function prefetchCaseList(url: string): Promise<void> {
  const me = (await prefetchSession())?.user;
  if (!me) return;
  const query = parseCaseListParams(new URL(url).searchParams);
  await queryClient.prefetchQuery(
    caseListQuery({ ...query, assigneeId: assigneeFilter(query.assigneeId, me) }),
  );
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ['cases', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/cases/{id}', { params: { path: { id } }, signal })),
  });
}

/** The body of POST /api/cases as the server's CreateCaseDto takes it. */
export type IntakeBody = components['schemas']['CreateCaseDto'];

export function useCreateCase() {
  return useMutation({
    mutationFn: (body: IntakeBody) => unwrap(api.POST('/api/cases', { body })),
    onSuccess: (created) => {
      queryClient.setQueryData(['cases', created.id], created);
      return queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}
