import { useMutation, useQuery } from '@tanstack/react-query';
import { api, queryClient, unwrap } from './client';
import type { components } from './schema';

export type ExportManifest = components['schemas']['ExportManifestDto'];
export type CreateExportBody = components['schemas']['CreateExportDto'];

const EXPORTS_KEY = ['exports'] as const;

/** Asked again every second while one of them is queued or running (their progress), never otherwise. */
export const POLL_MS = 1000;

export function useExports() {
  return useQuery({
    queryKey: EXPORTS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET('/api/exports', { signal })),
    refetchInterval: (query) =>
      query.state.data?.items.some((e) => e.status === 'queued' || e.status === 'running') ? POLL_MS : false,
  });
}

export function useStartExport() {
  return useMutation({
    mutationFn: (body: CreateExportBody) => unwrap(api.POST('/api/exports', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: EXPORTS_KEY }),
  });
}
