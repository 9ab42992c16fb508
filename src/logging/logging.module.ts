import { DynamicModule, Module } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/config';

/**
 * The path with ids replaced (`/api/users/:id`: every Caseline id is a UUID), without the query
 * string, cut short — a path no route matched was typed by a client and may hold anything.
 * (express's req.route is no help here: by the time the line is written it names Nest's
 * middleware mount, not the handler's route.)
 */
export function routeOf(req: Request): string {
  return (req.originalUrl ?? req.url ?? '')
    .split('?')[0]
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ':id')
    .slice(0, 100);
}

/**
 * Structured JSON logs: one line per request with method, route, status, duration, request id
 * and user id — never bodies, query strings, headers with credentials, or personal data.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            stream: destination,
            genReqId: (req) => (req as unknown as { id: string }).id,
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                '*.password',
                '*.accessToken',
                '*.token',
              ],
              censor: '[redacted]',
            },
            serializers: {
              // Only the route pattern: paths and query strings may carry tokens or search terms.
              req: (req: { id: string; method: string; raw: Request }) => ({
                id: req.id,
                method: req.method,
                route: routeOf(req.raw),
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            customProps: (req) => ({ userId: (req as unknown as { user?: { id: string } }).user?.id }),
            customSuccessMessage: (_req, res: Response) => `request completed ${res.statusCode}`,
            customErrorMessage: (_req, res: Response) => `request failed ${res.statusCode}`,
            quietReqLogger: true,
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/live') },
          },
        }),
      ],
    };
  }
}
