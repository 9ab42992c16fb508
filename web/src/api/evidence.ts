import { useMutation, useQuery } from '@tanstack/react-query';
import { caseKey } from './case-keys';
import type { EvidenceView } from './case-types';
import { api, queryClient, SESSION_KEY, unwrap } from './client';
import type { SessionView } from './session';
import type { ErrorBody } from './errors';

export function useEvidence(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId, 'evidence'),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/cases/{id}/evidence', { params: { path: { id: caseId } }, signal })),
  });
}

export function useCustody(evidenceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['evidence', evidenceId, 'custody'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/evidence/{id}/custody', { params: { path: { id: evidenceId } }, signal })),
    enabled,
  });
}

export function useVerifyEvidence() {
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/evidence/{id}/verify', { params: { path: { id } } })),
    onSuccess: (_r, id) => queryClient.invalidateQueries({ queryKey: ['evidence', id, 'custody'] }),
  });
}

export const contentUrl = (id: string) => `/api/evidence/${id}/content`;

export type UploadAnswer =
  { ok: true; evidence: EvidenceView } | { ok: false; status: number; body: Partial<ErrorBody> | null };

/**
 * Uploads one file (multipart, field `file`) with XMLHttpRequest, the one browser API that reports
 * upload progress. Carries the session's CSRF token like every other change. Resolves with the
 * server's answer, refusals included; rejects only when the server could not be reached.
 */
export function uploadEvidence(
  caseId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/cases/${encodeURIComponent(caseId)}/evidence`);
    const token = queryClient.getQueryData<SessionView | null>(SESSION_KEY)?.csrfToken;
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as unknown;
      if (xhr.status === 401) queryClient.setQueryData(SESSION_KEY, null);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve({ ok: true, evidence: body as EvidenceView });
      } else resolve({ ok: false, status: xhr.status, body: (body as Partial<ErrorBody>) ?? null });
    };
    xhr.onerror = () => reject(new Error('network'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
