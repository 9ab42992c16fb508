import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFilters, type CaseFilters } from '../stats/case-filter-params';
import type { GroupBy } from '../stats/stats-table';
import { api, unwrap } from './client';

/** GET /api/stats/summary for one grouping and the filters of the URL. */
export function useStatsSummary(groupBy: GroupBy, filters: CaseFilters) {
  return useQuery({
    queryKey: ['stats', groupBy, filters],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/stats/summary', { params: { query: { groupBy, ...apiFilters(filters) } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
}
