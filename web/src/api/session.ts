import { useMutation, useQuery } from '@tanstack/react-query';
import { api, queryClient, SESSION_KEY, unwrap } from './client';
import { ApiError } from './errors';
import type { components } from './schema';

export type SessionView = components['schemas']['SessionViewDto'];

const sessionQuery = {
  queryKey: SESSION_KEY,
  queryFn: async (): Promise<SessionView | null> => {
    try {
      return await unwrap(api.GET('/api/auth/session'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 60_000,
};

/** Asks who is signed in right away (at start-up), while the first screen's code is still loading. */
export function prefetchSession(): Promise<SessionView | null> {
  // A failure here is the session query's own error state, which the screens show.
  return queryClient.ensureQueryData(sessionQuery).catch(() => null);
}

/** Who is signed in (null: nobody), with the CSRF token every change must carry. */
export function useSession() {
  return useQuery(sessionQuery);
}

export function useSignIn() {
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      unwrap(api.POST('/api/auth/session', { body })),
    onSuccess: async (session) => {
      // A "who is signed in?" asked before the sign-in (at start-up) may answer after it: its
      // "nobody" must not overwrite the new session and leave the user on the sign-in page.
      await queryClient.cancelQueries({ queryKey: SESSION_KEY });
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/auth/session')),
    onSettled: async () => {
      // Likewise an earlier "who is signed in?" must not bring the old session back.
      await queryClient.cancelQueries({ queryKey: SESSION_KEY });
      // The screens see "nobody" (and show the sign-in page); nothing of the user stays in memory.
      queryClient.setQueryData(SESSION_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(api.POST('/api/me/password', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}
