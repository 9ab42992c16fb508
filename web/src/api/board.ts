import { useMutation, useQuery } from '@tanstack/react-query';
import { apiFilters, OPEN_STATUSES, type BoardFilters } from '../board/board';
import { refreshCase } from './case-keys';
import { api, queryClient, unwrap } from './client';
import type { CaseStatus, CaseView } from './types';

/** The API's largest page (GET /api/cases limit). */
const PAGE = 200;

type ApiFilters = ReturnType<typeof apiFilters>;

function casePage(status: readonly CaseStatus[], f: ApiFilters, page: number, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/cases', {
      params: { query: { status: [...status], ...f, sort: 'appealDeadline', limit: PAGE, page } },
      signal,
    }),
  );
}

/** The board's cache: its own key (not under 'cases', so a case page's refresh does not reload 2,000 cards). */
export const boardKey = (f: ApiFilters) => ['board', 'open', f];

/** Every open case (the final statuses are loaded per column when shown): page 1, then the rest at once. */
export function useBoardCases(filters: BoardFilters) {
  const f = apiFilters(filters);
  return useQuery({
    queryKey: boardKey(f),
    queryFn: async ({ signal }) => {
      const first = await casePage(OPEN_STATUSES, f, 1, signal);
      const pages = Math.ceil(first.total / PAGE);
      const rest = await Promise.all(
        Array.from({ length: pages - 1 }, (_, i) => casePage(OPEN_STATUSES, f, i + 2, signal)),
      );
      return [first, ...rest].flatMap((p) => p.items);
    },
  });
}

/** A final column's cases (its first 200 and the total), read when the column is expanded. */
export function useFinalColumn(status: CaseStatus, filters: BoardFilters, enabled: boolean) {
  const f = apiFilters(filters);
  return useQuery({
    queryKey: ['board', status, f],
    queryFn: ({ signal }) => casePage([status], f, 1, signal),
    enabled,
  });
}

/** Puts a card (as the server has it now) into every board list that holds it, or takes it out. */
function placeCard(id: string, fresh: CaseView | null) {
  queryClient.setQueriesData<CaseView[]>({ queryKey: ['board', 'open'] }, (cards) => {
    if (!cards) return cards;
    const rest = cards.filter((c) => c.id !== id);
    return fresh && !['reinstated', 'closed'].includes(fresh.status) ? [...rest, fresh] : rest;
  });
}

/** After a move (or a refused one): the case is read again and its card put where it really is. */
export async function resettleCard(id: string) {
  const fresh = await unwrap(api.GET('/api/cases/{id}', { params: { path: { id } } }));
  placeCard(id, fresh);
  await queryClient.invalidateQueries({ queryKey: ['board'], predicate: (q) => q.queryKey[1] !== 'open' });
  void refreshCase(id);
}

/**
 * A move that needs nothing but the version: the card moves at once (optimistically); a refusal
 * (409: someone else changed the case first) puts it back, and the caller says why.
 */
export function useDirectMove() {
  return useMutation({
    mutationFn: ({ c, to }: { c: CaseView; to: CaseStatus }) =>
      unwrap(
        api.POST('/api/cases/{id}/transitions', {
          params: { path: { id: c.id } },
          body: { to, version: c.version },
        }),
      ),
    onMutate: ({ c, to }) => {
      queryClient.setQueriesData<CaseView[]>({ queryKey: ['board', 'open'] }, (cards) =>
        cards?.map((x) => (x.id === c.id ? { ...x, status: to, allowedTransitions: [] } : x)),
      );
    },
    onError: (_e, { c }) => placeCard(c.id, c),
    onSettled: (_d, _e, { c }) => resettleCard(c.id),
  });
}
