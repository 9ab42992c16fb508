/**
 * The server's error body: {statusCode, message, error, code?, ...details}. Its OpenAPI document
 * types refusals only as an object of named values, so this is their one hand-written shape.
 */
export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
  code?: string;
  [extra: string]: unknown;
}

/** A refusal from the API: its status, its messages (a 400 names each field) and its code, if any. */
export class ApiError extends Error {
  readonly messages: string[];
  readonly code?: string;

  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody> | undefined,
  ) {
    const raw = body?.message;
    const messages = Array.isArray(raw) ? raw : raw ? [raw] : [`The server answered ${status}`];
    super(messages.join('; '));
    this.messages = messages;
    this.code = typeof body?.code === 'string' ? body.code : undefined;
  }
}

export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED';

/** Turns an unknown failure into the sentences to show: the server's own, or a network failure. */
export function errorMessages(e: unknown): string[] {
  if (e instanceof ApiError) return e.messages;
  return ['The server could not be reached. Check your connection and try again.'];
}
