import { useMutation, useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { apiFilters, OPEN_STATUSES, parseBoardParams, type BoardFilters } from '../board/board';
import { refreshCase } from './case-keys';
import { api, queryClient, unwrap } from './client';
import { prefetchSession } from './session';
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

type CasePage = Awaited<ReturnType<typeof casePage>>;

/** Pages 2… of the open cases: loaded, still loading, or failed (their first error). */
function combinePages(results: UseQueryResult<CasePage>[]) {
  return {
    pages: results.map((r) => r.data),
    loading: results.some((r) => r.isPending),
    error: results.find((r) => r.isError)?.error ?? null,
  };
}

const firstPageQuery = (f: ApiFilters) => ({
  queryKey: [...boardKey(f), 1],
  queryFn: ({ signal }: { signal: AbortSignal }) => casePage(OPEN_STATUSES, f, 1, signal),
});

/** Asks for the board's first page as soon as /board is navigated to, while its code loads (as /cases does). */
export async function prefetchBoard(url: string): Promise<void> {
  if (!(await prefetchSession())) return;
  await queryClient.prefetchQuery(firstPageQuery(apiFilters(parseBoardParams(new URL(url).searchParams))));
}

/**
 * Every open case (the final statuses are loaded per column when shown). The first page (the 200
 * nearest deadlines) is shown as soon as it arrives; the other pages are read at once after it and
 * fill the columns in as they come (`loadingMore` until they have).
 */
export function useBoardCases(filters: BoardFilters) {
  const f = apiFilters(filters);
  const first = useQuery(firstPageQuery(f));
  const pageCount = first.data ? Math.ceil(first.data.total / PAGE) : 0;
  const rest = useQueries({
    queries: Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => ({
      queryKey: [...boardKey(f), i + 2],
      queryFn: ({ signal }: { signal: AbortSignal }) => casePage(OPEN_STATUSES, f, i + 2, signal),
    })),
    combine: combinePages,
  });
  const data = useMemo(
    () => (first.data ? [first.data, ...rest.pages].flatMap((p) => p?.items ?? []) : undefined),
    [first.data, rest.pages],
  );
  return {
    data,
    isPending: first.isPending,
    isError: first.isError || rest.error !== null,
    error: first.error ?? rest.error,
    loadingMore: rest.loading,
  };
}

/** Changes the open cases' pages in the cache: `update` gets each page's cards and its number. */
function updateOpenPages(update: (cards: CaseView[], page: number) => CaseView[]) {
  for (const [key, page] of queryClient.getQueriesData<CasePage>({ queryKey: ['board', 'open'] })) {
    if (page) queryClient.setQueryData<CasePage>(key, { ...page, items: update(page.items, Number(key[3])) });
  }
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

/** Puts a card (as the server has it now) into the board page that holds it (or the first), or takes it out. */
function placeCard(id: string, fresh: CaseView | null) {
  const holder = queryClient
    .getQueriesData<CasePage>({ queryKey: ['board', 'open'] })
    .find(([, page]) => page?.items.some((c) => c.id === id));
  const home = holder ? Number(holder[0][3]) : 1;
  const open = fresh !== null && !['reinstated', 'closed'].includes(fresh.status);
  updateOpenPages((cards, page) => {
    const rest = cards.filter((c) => c.id !== id);
    return open && page === home ? [...rest, fresh] : rest;
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
      updateOpenPages((cards) =>
        cards.map((x) => (x.id === c.id ? { ...x, status: to, allowedTransitions: [] } : x)),
      );
    },
    onError: (_e, { c }) => placeCard(c.id, c),
    onSettled: (_d, _e, { c }) => resettleCard(c.id),
  });
}
