import { existsSync, readFileSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
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

/** The encodings `vite build` writes beside each script and stylesheet, best first (web/vite.config.ts). */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
const COMPRESSED_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
};

/**
 * The best precompressed file the client accepts (`Accept-Encoding`), for a script or stylesheet.
 * A `q=0` refuses an encoding; anything else accepts it.
 */
export function pickEncoding(
  acceptEncoding: string | undefined,
  exists: (suffix: string) => boolean,
): (typeof PRECOMPRESSED)[number] | null {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !/^\s*q=0(\.0*)?\s*$/.test(q ?? ''))
      .map(([name]) => name.trim().toLowerCase()),
  );
  return PRECOMPRESSED.find((p) => accepted.has(p.encoding) && exists(p.suffix)) ?? null;
}

/**
 * Serves the built web app (dist/web, made by `npm run build`) at `/`, same origin as the API:
 * hashed assets cached for a year, immutable; index.html (never cached: it names the current
 * assets) for every other path outside /api, /docs and /health.
 */
export function serveWebApp(app: NestExpressApplication, dir: string): void {
  const assets = join(dir, 'assets');
  // Scripts and stylesheets go out compressed from the .br/.gz files made at build time (no
  // compression work per request); the static handler below then serves that file with its caching.
  app.use('/assets/', (req: Request, res: Response, next: NextFunction) => {
    const type = COMPRESSED_TYPES[extname(req.path)];
    if (!type || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.setHeader('Vary', 'Accept-Encoding');
    const file = join(assets, req.path);
    const chosen = file.startsWith(assets + sep)
      ? pickEncoding(req.headers['accept-encoding'], (suffix) => existsSync(file + suffix))
      : null;
    if (chosen) {
      res.setHeader('Content-Type', type);
      res.setHeader('Content-Encoding', chosen.encoding);
      req.url = req.path + chosen.suffix;
    }
    next();
  });
  app.useStaticAssets(assets, {
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
