import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { MemberView } from './types';

/** What intake knows of the person so far. */
export interface MemberClues {
  fullName?: string;
  membershipNumber?: string;
  email?: string;
}

const MIN_CLUE = 3;
const MAX_MATCHES = 5;

/**
 * The members that may be the same person as the one being typed in: the only place the app asks
 * `GET /api/members?q=` for possible duplicates (a better matcher is planned on the server; it
 * replaces this call here alone). The search matches name, membership number and email, so each
 * clue of at least three characters is one search, asked once typing pauses; the answers are merged.
 */
export function useMemberMatches(clues: MemberClues): { matches: MemberView[]; searching: boolean } {
  const [settled] = useDebouncedValue(clues, 300);
  const terms = [settled.membershipNumber, settled.email, settled.fullName]
    .map((t) => t?.trim() ?? '')
    .filter((t, i, all) => t.length >= MIN_CLUE && all.indexOf(t) === i);
  const results = useQueries({
    queries: terms.map((q) => ({
      queryKey: ['members', 'matches', q],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(api.GET('/api/members', { params: { query: { q, limit: MAX_MATCHES } }, signal })),
      staleTime: 60_000,
    })),
  });
  const seen = new Set<string>();
  const matches: MemberView[] = [];
  for (const r of results) {
    for (const m of r.data?.items ?? []) {
      if (!seen.has(m.id)) {
        seen.add(m.id);
        matches.push(m);
      }
    }
  }
  return { matches, searching: results.some((r) => r.isFetching) };
}
