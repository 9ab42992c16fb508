import { QueryClient } from '@tanstack/react-query';
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, PASSWORD_CHANGE_REQUIRED } from './errors';
import type { paths } from './schema';
import type { SessionView } from './session';

/** The one query cache of the app: server state lives here, not in components. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      // A 4xx will not change by asking again.
      retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

export const SESSION_KEY = ['session'] as const;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every change carries the CSRF token of the session (held in memory, in the query cache: the
 * browser keeps only the HttpOnly cookie). A 401 means the session is over: the cached session is
 * dropped and the app shows the sign-in page. A 403 PASSWORD_CHANGE_REQUIRED re-reads the session,
 * which then takes the user to /account.
 */
const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      const token = queryClient.getQueryData<SessionView | null>(SESSION_KEY)?.csrfToken;
      if (token) request.headers.set('X-CSRF-Token', token);
    }
    return request;
  },
  async onResponse({ request, response }) {
    const isSessionCall = new URL(request.url).pathname === '/api/auth/session';
    if (response.status === 401 && !isSessionCall) {
      queryClient.setQueryData(SESSION_KEY, null);
    } else if (response.status === 403) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { code?: string } | null;
      if (body?.code === PASSWORD_CHANGE_REQUIRED)
        void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    }
    return response;
  },
};

/** The one API client: typed by the server's own OpenAPI document (schema.d.ts), same origin, cookie auth. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(sessionMiddleware);

/** The data of an openapi-fetch answer (typed by schema.d.ts), or an ApiError carrying the server's refusal. */
export async function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<NonNullable<R['data']>> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error as ApiError['body']);
  return data as NonNullable<R['data']>;
}
