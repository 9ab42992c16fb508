import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { CaseListQuery } from '../cases/case-list-params';
import { api, queryClient, unwrap } from './client';
import type { components } from './schema';

export function useCaseList(query: CaseListQuery) {
  return useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: ({ signal }) =>
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
    // The previous page stays on screen while the next one loads.
    placeholderData: keepPreviousData,
  });
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
