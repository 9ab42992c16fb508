import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths the server answers itself: everything else under `/` is the web app's (client-side routing). */
const SERVER_PATHS = /^\/(api|docs|health)(\/|-|$)/;

/**
 * The app's own pages are stricter than Swagger UI's (helmet's default policy, set for /docs): no
 * inline script at all. Mantine writes its CSS variables in a <style> element and style attributes.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** True for a request the web app answers with index.html. */
export function isWebAppPath(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && !SERVER_PATHS.test(path) && !path.startsWith('/assets/');
}

/**
 * Serves the built web app (dist/web, made by `npm run build`) at `/`, same origin as the API:
 * hashed assets cached for a year, immutable; index.html (never cached: it names the current
 * assets) for every other path outside /api, /docs and /health.
 */
export function serveWebApp(app: NestExpressApplication, dir: string): void {
  app.useStaticAssets(join(dir, 'assets'), {
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
    fallthrough: false,
  });
  const indexFile = join(dir, 'index.html');
  let index: string | null = null;
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isWebAppPath(req.method, req.path)) return next();
    index ??= existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : null;
    res.setHeader('Cache-Control', 'no-store');
    if (index === null) {
      res
        .status(503)
        .type('text/plain')
        .send('The Caseline web app is not built. Run `npm run build` (or `npm start`, which builds it).\n');
      return;
    }
    res.setHeader('Content-Security-Policy', WEB_APP_CSP);
    res.status(200).type('html').send(index);
  });
}
