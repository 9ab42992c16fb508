import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journey } from './browser';

const ROOT = join(__dirname, '..', '..');

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
