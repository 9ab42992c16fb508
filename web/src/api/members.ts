import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { MemberMatchView } from './types';

/** What intake knows of the person so far. */
export interface MemberClues {
  fullName?: string;
  membershipNumber?: string;
  email?: string;
  phone?: string;
  constituencyParty?: string;
}

const MIN_CLUE = 3;
const MAX_MATCHES = 5;

/**
 * The members that may be the same person as the one being typed in, best first, each with why:
 * `GET /api/members/matches` with every clue of at least three characters, asked once typing
 * pauses. The server's matcher decides (names across case, accents, punctuation, initials, short
 * forms and small typos; membership number, email, phone; the party as support).
 */
export function useMemberMatches(clues: MemberClues): { matches: MemberMatchView[]; searching: boolean } {
  const [settled] = useDebouncedValue(clues, 300);
  const clue = (v: string | undefined) => {
    const t = v?.trim() ?? '';
    return t.length >= MIN_CLUE ? t : undefined;
  };
  const query = {
    fullName: clue(settled.fullName),
    membershipNumber: clue(settled.membershipNumber),
    email: clue(settled.email),
    phone: clue(settled.phone),
  };
  const asked = Object.values(query).some(Boolean);
  const party = settled.constituencyParty?.trim() || undefined;
  const result = useQuery({
    queryKey: ['members', 'matches', query, party],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/members/matches', {
          params: { query: { ...query, constituencyParty: party, limit: MAX_MATCHES } },
          signal,
        }),
      ),
    enabled: asked,
    staleTime: 60_000,
  });
  return { matches: asked ? (result.data?.items ?? []) : [], searching: result.isFetching };
}
