import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { isUniqueViolation } from '../database/unique-violation';

interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
  [extra: string]: unknown;
}

const PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON in request body',
  'entity.too.large': 'Request body too large',
};

/** One stable message for malformed and oversized bodies, whichever parser detail caused them. */
function bodyParserError(exception: unknown): ErrorBody | null {
  const candidates = [exception, (exception as { cause?: unknown } | null)?.cause];
  for (const e of candidates) {
    const type = (e as { type?: string } | null)?.type;
    const status = (e as { status?: number } | null)?.status;
    if (type && PARSER_MESSAGES[type] && typeof status === 'number') {
      return { statusCode: status, message: PARSER_MESSAGES[type], error: STATUS_CODES[status] ?? 'Error' };
    }
  }
  return null;
}

/** Told of every error answer before it is sent (the audit of refused access); must not throw or wait. */
export interface ErrorAnswerListener {
  refused(
    req: {
      method: string;
      routePath?: string;
      params?: Record<string, string | undefined>;
      userId?: string | null;
    },
    status: number,
    exception: unknown,
  ): void;
}

/** Maps every error to Nest's {statusCode, message, error} shape; unknown errors become a bare 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly listener?: ErrorAnswerListener) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = this.toBody(exception, req);
    this.tell(req, body.statusCode, exception);
    if (body.statusCode >= 500) {
      this.logger.error(
        {
          requestId: req.id,
          err:
            exception instanceof Error ? { name: exception.name, stack: exception.stack } : String(exception),
        },
        'unhandled error',
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A route may have set its own type (text/calendar, a download's) before it failed: the error is JSON.
    res.removeHeader('Content-Disposition');
    res.status(body.statusCode).type('application/json').json(body);
  }

  private tell(req: Request & { user?: { id: string } }, status: number, exception: unknown): void {
    if (!this.listener || status < 400 || status >= 500) return;
    try {
      const route = req.route as { path?: unknown } | undefined;
      this.listener.refused(
        {
          method: req.method,
          routePath: typeof route?.path === 'string' ? `${req.baseUrl ?? ''}${route.path}` : undefined,
          params: req.params as Record<string, string | undefined>,
          userId: req.user?.id ?? null,
        },
        status,
        exception,
      );
    } catch (err) {
      // The refusal is answered whatever happens to its audit.
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'error listener failed');
    }
  }

  private toBody(exception: unknown, req: Request & { id?: string }): ErrorBody {
    // body-parser's errors arrive raw or wrapped by Nest (as the cause of an HttpException).
    const parserError = bodyParserError(exception);
    if (parserError) return parserError;
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        message: exception.message,
        error: STATUS_CODES[exception.status]!,
        code: exception.code,
        ...exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null) {
        return {
          statusCode: status,
          error: STATUS_CODES[status] ?? 'Error',
          message: exception.message,
          ...(response as object),
        } as ErrorBody;
      }
      return { statusCode: status, message: String(response), error: STATUS_CODES[status] ?? 'Error' };
    }
    // Other errors raised by middleware (busboy, http-errors) carry their own client status.
    const status =
      (exception as { status?: number; statusCode?: number } | null)?.status ??
      (exception as { statusCode?: number } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        statusCode: status,
        message: (exception as Error).message,
        error: STATUS_CODES[status] ?? 'Error',
      };
    }
    if (isUniqueViolation(exception)) {
      return {
        statusCode: HttpStatus.CONFLICT,
        message: 'A record with the same unique value already exists',
        error: 'Conflict',
      };
    }
    return {
      statusCode: 500,
      message: 'Internal server error',
      error: 'Internal Server Error',
      requestId: req.id,
    };
  }
}
