import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, queryClient, unwrap } from './client';
import type { components, paths } from './schema';

export type UserView = components['schemas']['UserViewDto'];
export type AuditPage = components['schemas']['AuditPageDto'];
export type ChainCheck = components['schemas']['ChainCheckDto'];
export type QueueOverview = components['schemas']['QueueOverviewDto'];
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;
type CreateUser = components['schemas']['CreateUserDto'];
type UpdateUser = components['schemas']['UpdateUserDto'];

const USERS_KEY = ['admin', 'users'] as const;

export function useUsers() {
  return useQuery({
    queryKey: USERS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET('/api/users', { signal })),
  });
}

const refreshUsers = () => queryClient.invalidateQueries({ queryKey: USERS_KEY });

export function useCreateUser() {
  return useMutation({
    mutationFn: (body: CreateUser) => unwrap(api.POST('/api/users', { body })),
    onSuccess: refreshUsers,
  });
}

export function useUpdateUser() {
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateUser & { id: string }) =>
      unwrap(api.PATCH('/api/users/{id}', { params: { path: { id } }, body })),
    onSuccess: refreshUsers,
  });
}

export function useIssueOneTimePassword() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/users/{id}/password-reset', { params: { path: { id } } })),
    onSuccess: refreshUsers,
  });
}

/** One page of the audit trail, filtered on the server; the previous page stays while the next loads. */
export function useAuditPage(query: AuditQuery) {
  return useQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ signal }) => unwrap(api.GET('/api/audit', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyChain() {
  return useMutation({ mutationFn: () => unwrap(api.GET('/api/audit/verify')) });
}

/** /health/ready as it is: 200 with every part up, 503 naming what is down (both have `details`). */
export interface Readiness {
  status: string;
  details: Record<string, { status: string; message?: string }>;
}

export function useReadiness() {
  return useQuery({
    queryKey: ['admin', 'readiness'],
    queryFn: async ({ signal }): Promise<Readiness> => {
      const res = await fetch('/health/ready', { signal, cache: 'no-store' });
      return (await res.json()) as Readiness;
    },
    refetchInterval: 5_000,
  });
}

export function useQueueOverview() {
  return useQuery({
    queryKey: ['admin', 'queues'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/admin/queues', { signal })),
    refetchInterval: 5_000,
  });
}

export function useRetryFailed() {
  return useMutation({
    mutationFn: (name: string) =>
      unwrap(api.POST('/api/admin/queues/{name}/failed/retry', { params: { path: { name } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'queues'] }),
  });
}

export type Checkpoint = components['schemas']['CheckpointDto'];

/** The newest signed checkpoint of the log (null before the first is signed). */
export function useLatestCheckpoint() {
  return useQuery({
    queryKey: ['log', 'checkpoints', 'latest'],
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/api/log/checkpoints', { params: { query: { limit: 1 } }, signal }))).items[0] ??
      null,
  });
}
