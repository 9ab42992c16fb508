import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { intake } from '../factories/case-payloads';
import { journey } from './browser';
import { signInAs } from './pages/session';

/** A page of another origin, whose form posts a valid new timeline event to the app as soon as it loads. */
function attackerSite(target: string): Promise<{ server: Server; url: (host: string) => string }> {
  const html = `<!doctype html><html><body>
<form id="f" method="POST" action="${target}">
  <input name="type" value="note"><input name="occurredAt" value="2026-01-02">
  <input name="title" value="Planted by another site">
</form>
<script>document.getElementById('f').submit()</script>
</body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: (host) => `http://${host}:${port}/` });
    }),
  );
}

/**
 * Journey: a signed-in caseworker visits a page of another origin whose form posts to Caseline with
 * the browser's cookie. The same site on another port gets the cookie sent (SameSite does not tell
 * ports apart), so the Origin and CSRF check must refuse it; another site does not even send it.
 */
describe('web: a cross-site form post carrying the cookie', () => {
  const j = journey();

  it('is refused and creates nothing, from the same site on another port and from another site', async () => {
    const c = await intake(j.t.as.caseworker);
    const target = `${j.t.url}/api/cases/${c.id}/events`;
    const eventsNow = async () =>
      ((await j.t.as.caseworker.get(`/api/cases/${c.id}/timeline`).expect(200)).body as unknown[]).length;
    const before = await eventsNow();
    const attacker = await attackerSite(target);
    try {
      const { context, page } = await j.newPage();
      await signInAs(page, j.t.users.caseworker.email);
      // The app's own origin is 127.0.0.1:<port>; the attacker is 127.0.0.1 on another port (same
      // site), then localhost (another site).
      for (const [host, status] of [
        ['127.0.0.1', 403],
        ['localhost', 401],
      ] as const) {
        const answered = page.waitForResponse((r) => r.url() === target && r.request().method() === 'POST');
        await page.goto(attacker.url(host));
        const res = await answered;
        expect({ host, status: res.status() }).toEqual({ host, status });
        if (status === 403) {
          expect(res.request().headers()['cookie'] ?? (await res.request().allHeaders()).cookie).toMatch(
            /caseline_session=/,
          );
          expect(await res.json()).toMatchObject({ statusCode: 403, code: 'CSRF_REJECTED' });
        }
      }
      expect(await eventsNow()).toBe(before);
      // The same browser session still works on the app's own pages.
      await page.goto(`/cases/${c.id}`);
      await page.getByRole('heading', { name: /CL-/ }).first().waitFor();
      await context.close();
    } finally {
      attacker.server.close();
    }
  });
});
