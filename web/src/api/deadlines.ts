import { useMutation, useQuery } from '@tanstack/react-query';
import type { DeadlineItem } from '../deadlines/deadlines';
import { localParts } from '../ui/date-time';
import { api, unwrap } from './client';
import type { components } from './schema';
import type { CaseStatus } from './types';

const casesIn = (status: CaseStatus[], signal: AbortSignal) =>
  unwrap(
    api.GET('/api/cases', { params: { query: { status, sort: 'appealDeadline', limit: 200 } }, signal }),
  );

/**
 * Appeal deadlines (cases whose appeal is not yet lodged: intake, gathering evidence) and hearings
 * (the pending appeal of cases lodged or with a hearing scheduled), nearest first. Hearings are read
 * per case (GET /api/cases/:id/appeals): fine for a campaign's few hundred open appeals; a
 * server-side list of hearings would replace this when there are more.
 */
export function useDeadlines() {
  return useQuery({
    queryKey: ['cases', 'deadlines'],
    queryFn: async ({ signal }) => {
      const [early, lodged] = await Promise.all([
        casesIn(['intake', 'gathering_evidence'], signal),
        casesIn(['appeal_lodged', 'hearing_scheduled'], signal),
      ]);
      const items: DeadlineItem[] = early.items.map((c) => ({
        kind: 'appeal_deadline',
        caseId: c.id,
        reference: c.reference,
        date: c.appealDeadline.slice(0, 10),
      }));
      const appeals = await Promise.all(
        lodged.items.map((c) =>
          unwrap(api.GET('/api/cases/{id}/appeals', { params: { path: { id: c.id } }, signal })),
        ),
      );
      lodged.items.forEach((c, i) => {
        const hearing = appeals[i].find((a) => a.outcome === 'pending' && a.hearingAt);
        if (!hearing) return;
        const { date, time } = localParts(hearing.hearingAt);
        if (date) items.push({ kind: 'hearing', caseId: c.id, reference: c.reference, date, time });
      });
      return items;
    },
  });
}

export type CalendarToken = components['schemas']['CalendarTokenDto'];

/** A new personal feed link (POST /api/me/calendar-token): the old link stops working. */
export function useRenewCalendarLink() {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/me/calendar-token')),
  });
}
