/**
 * Domain code throws a coded error; the exception filter maps the code to an HTTP status.
 * Each module names its codes (e.g. CaseError with ILLEGAL_TRANSITION).
 */
export const DOMAIN_ERROR_STATUS = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  CSRF_REJECTED: 403,
  CONFLICT: 409,
  STALE_VERSION: 409,
  ILLEGAL_TRANSITION: 409,
  DUPLICATE: 409,
  GUARD_FAILED: 422,
  DATE_CONFLICT: 422,
  UNPROCESSABLE: 422,
  INVALID: 400,
  GONE: 410,
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_STATUS;

export class DomainError extends Error {
  /** The id of a record that exists but the caller may not read: audited as access.denied, never sent. */
  deniedTarget?: string;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra fields for the response body (e.g. allowedTransitions, existingId). Never personal data. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  get status(): number {
    return DOMAIN_ERROR_STATUS[this.code];
  }
}

export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found`);
}

/** A record that exists but the caller may not read: answered as not found, audited as refused access. */
export function hiddenFromCaller(what: string, id: string): DomainError {
  const error = notFound(what);
  error.deniedTarget = id;
  return error;
}
