import type { ErrorBody } from '../api/errors';

export interface Refusal {
  /** What to show beside the file. */
  message: string;
  /** 409: the evidence already on the case with the same content. */
  existingId?: string;
}

/** The server's refusal of one upload in the user's words, its own sentence kept. */
export function uploadRefusal(status: number, body: Partial<ErrorBody> | null): Refusal {
  const said = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
  switch (status) {
    case 413:
      return { message: `Too large: ${said ?? 'the file is larger than the server accepts'}` };
    case 415:
      return { message: `Type not accepted: ${said ?? 'the server does not accept this kind of file'}` };
    case 409:
      return {
        message: `Already on this case: ${said ?? 'a file with the same content was uploaded before'}`,
        existingId: typeof body?.existingId === 'string' ? body.existingId : undefined,
      };
    default:
      return { message: said ?? `The server answered ${status}` };
  }
}

/** 1.2 MB, 340 KB, 12 bytes. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
