import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type request from 'supertest';
import { journey } from './browser';

const ROOT = join(__dirname, '..', '..');

/** An answer's bytes (decompressed by supertest) and its headers, as sent (Content-Length: the bytes on the wire). */
async function rawGet(
  http: () => request.Agent,
  path: string,
  acceptEncoding = 'identity',
): Promise<{ headers: Record<string, string>; body: Buffer }> {
  const res = await http()
    .get(path)
    .set('Accept-Encoding', acceptEncoding)
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  return { headers: res.headers as Record<string, string>, body: res.body as Buffer };
}

/** The server serves the built web app at `/`, same origin as the API. */
describe('web: serving the app', () => {
  const j = journey();

  it.each([
    '/',
    '/login',
    '/cases',
    '/cases/new',
    '/cases/00000000-0000-4000-8000-000000000000',
    '/no/such/screen',
  ])('answers %s with the app, never cached, under a CSP without inline scripts', async (path) => {
    const res = await j.t.http().get(path).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<div id="root"></div>');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('serves the hashed assets for a year, immutable', async () => {
    const index = (await j.t.http().get('/').expect(200)).text;
    const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const res = await j.t.http().get(asset).expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await j.t.http().get('/assets/no-such-file.js')).status).toBe(404);
  });

  it('sends scripts and stylesheets compressed as the browser accepts (brotli, else gzip), else as they are', async () => {
    const index = (await j.t.http().get('/').expect(200)).text;
    const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.map((a) => a.slice(a.lastIndexOf('.')))).toEqual(expect.arrayContaining(['.js', '.css']));
    for (const asset of assets) {
      const plain = await rawGet(j.t.http, asset);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
      const type = asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/;
      expect(plain.headers['content-type']).toMatch(type);

      const br = await rawGet(j.t.http, asset, 'gzip, deflate, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(type);
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(br.body).toEqual(plain.body);
      expect(Number(br.headers['content-length'])).toBeLessThan(plain.body.length);

      const gzip = await rawGet(j.t.http, asset, 'gzip, br;q=0');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.body).toEqual(plain.body);
      expect(Number(gzip.headers['content-length'])).toBeLessThan(plain.body.length);
    }
  });

  it('keeps /api, /docs and /health the server’s own', async () => {
    const api = await j.t.http().get('/api/no/such/route').expect(404);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(api.body).toMatchObject({ statusCode: 404 });
    expect((await j.t.http().post('/cases').send({})).status).toBe(404);
    expect((await j.t.http().get('/docs-json').expect(200)).body.openapi).toBeDefined();
    await j.t.http().get('/health/live').expect(200);
  });

  it('runs the app under its CSP with no console error, and Swagger UI still renders at /docs', async () => {
    const { context, page } = await j.newPage();
    const problems: string[] = [];
    // Signed out, GET /api/auth/session answers 401, which Chromium logs; anything else (a CSP refusal) counts.
    page.on(
      'console',
      (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && problems.push(m.text()),
    );
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto('/docs');
    await page.getByText('Caseline API').first().waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('web: the committed API schema', () => {
  it('is what `npm run api:generate` makes from the built server (regenerate and commit when this fails)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseline-schema-'));
    try {
      const out = join(dir, 'schema.d.ts');
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'api-generate.js'), '--out', out], {
        encoding: 'utf8',
      });
      expect(r.stderr.includes('failed') ? r.stderr : '').toBe('');
      expect(readdirSync(dir)).toEqual(['schema.d.ts']);
      expect(readFileSync(out, 'utf8')).toBe(
        readFileSync(join(ROOT, 'web', 'src', 'api', 'schema.d.ts'), 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
