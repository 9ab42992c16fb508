import { useMutation, useQuery } from '@tanstack/react-query';
import { api, queryClient, SESSION_KEY, unwrap } from './client';
import { ApiError } from './errors';
import type { SessionView } from './types';

type Answer = Promise<{ data?: unknown; error?: unknown; response: Response }>;
/** TODO(web-server): drop this cast once the session routes are in schema.d.ts (npm run api:generate). */
const untyped = api as unknown as {
  GET(path: string): Answer;
  POST(path: string, init: { body: unknown }): Answer;
  DELETE(path: string): Answer;
};

const sessionQuery = {
  queryKey: SESSION_KEY,
  queryFn: async (): Promise<SessionView | null> => {
    try {
      return await unwrap<SessionView>(untyped.GET('/api/auth/session'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 60_000,
};

/** Who is signed in (null: nobody), with the CSRF token every change must carry. */
export function useSession() {
  return useQuery(sessionQuery);
}

export function useSignIn() {
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      unwrap<unknown>(untyped.POST('/api/auth/session', { body })),
    // The answer to POST may not carry the CSRF token: read the session as GET gives it.
    onSuccess: () => queryClient.fetchQuery({ ...sessionQuery, staleTime: 0 }),
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: () => unwrap<unknown>(untyped.DELETE('/api/auth/session')),
    onSettled: () => {
      // Nothing of the previous user stays in memory.
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap<unknown>(untyped.POST('/api/me/password', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}
