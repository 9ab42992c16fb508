import { BadRequestException, INestApplication, RequestMethod } from '@nestjs/common';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AccessDenials } from './audit/access-denials';
import { SESSION_COOKIE } from './auth/session-rules';
import { TypedConfigService } from './config/config.module';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { answerClientErrorsAsJson } from './http/client-errors';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './http/body-depth';
import { documentStandardErrors } from './http/openapi-defaults';
import { prototypeKeyIn } from './http/prototype-keys';
import { requestIdMiddleware } from './http/request-id.middleware';
import { InputValidationPipe, wellFormedTextMiddleware } from './http/validation';
import { serveWebApp } from './http/web-app';

export const JSON_BODY_LIMIT = '1mb';

/** Everything main.ts and the test harness share: the HTTP behaviour of the app. */
export function configureApp(app: NestExpressApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  answerClientErrorsAsJson(app.getHttpServer());
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
    if (!req.body) return next();
    if (nestsDeeperThan(req.body, MAX_BODY_DEPTH)) {
      return next(new BadRequestException(`Request body is nested deeper than ${MAX_BODY_DEPTH} levels`));
    }
    const prototypeKey = prototypeKeyIn(req.body);
    next(
      prototypeKey ? new BadRequestException([`${prototypeKey} is not an allowed field name`]) : undefined,
    );
  });
  app.use(wellFormedTextMiddleware);
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(new InputValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(AccessDenials)));
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
