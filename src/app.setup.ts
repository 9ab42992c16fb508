import {
  BadRequestException,
  INestApplication,
  RequestMethod,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { SESSION_COOKIE } from './auth/session-rules';
import { TypedConfigService } from './config/config.module';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './http/body-depth';
import { documentStandardErrors } from './http/openapi-defaults';
import { requestIdMiddleware } from './http/request-id.middleware';
import { serveWebApp } from './http/web-app';

export const JSON_BODY_LIMIT = '1mb';

/** "member.email must be an email" for nested fields, one message per failed constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (parent ? `${parent}.${m}` : m));
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}

/** Everything main.ts and the test harness share: the HTTP behaviour of the app. */
export function configureApp(app: NestExpressApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Off by default: a client could otherwise pick its own address (login throttle, audit) with X-Forwarded-For.
  app.set('trust proxy', app.get<TypedConfigService>(ConfigService).get('trustProxy', { infer: true }));
  app.set('query parser', 'extended');
  app.use(requestIdMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Swagger UI at /docs needs inline styles and scripts of its own; the API serves only JSON.
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'", 'https:'],
        },
      },
    }),
  );
  serveWebApp(app, join(__dirname, 'web'));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: JSON_BODY_LIMIT, extended: false });
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.body && nestsDeeperThan(req.body, MAX_BODY_DEPTH)) {
      next(new BadRequestException(`Request body is nested deeper than ${MAX_BODY_DEPTH} levels`));
    } else next();
  });
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new BadRequestException(flattenValidationErrors(errors)),
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  const document = documentStandardErrors(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Caseline API')
        .setDescription(
          'Case tracker for suspended or expelled party members and the campaign to reinstate them. ' +
            'Every route except login and health needs a bearer token, or in a browser the session cookie ' +
            '(POST /api/auth/session; changes then need the X-CSRF-Token header); each route lists the roles that may call it.',
        )
        .setVersion('1')
        .addBearerAuth()
        .addCookieAuth(SESSION_COOKIE)
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
