import { createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { seedCase } from './factories/seed';
import { reminderBody, reminderRow } from './factories/reminders';
import { createTestApp, TestApp } from './helpers/test-app';
import { sleep, waitFor } from './helpers/wait';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.server.address() as AddressInfo).port, mails }),
    ),
  );
}

interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

function startWebhookReceiver(): Promise<{
  server: Server;
  url: string;
  hooks: Hook[];
  failNext: { n: number };
}> {
  const hooks: Hook[] = [];
  const failNext = { n: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = failNext.n > 0 ? 500 : 200;
      if (failNext.n > 0) failNext.n--;
      hooks.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
        hooks,
        failNext,
      }),
    ),
  );
}

const subjectOf = (raw: string) => /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';

jest.setTimeout(60_000);

/** Short enough that the mail's link line is never folded. */
const PUBLIC_URL = 'https://cl.example';

describe('reminder channels: email and webhook', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const secret = randomBytes(24).toString('hex');
  let caseId: string;
  let reference: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hook = await startWebhookReceiver();
    t = await createTestApp({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Caseline <reminders@caseline.test>',
        WEBHOOK_URL: hook.url,
        WEBHOOK_SECRET: secret,
        REMINDER_BACKOFF_MS: '100',
        RECONCILE_INTERVAL_MS: '1000',
        PUBLIC_URL: `${PUBLIC_URL}/`,
      },
    });
    ({ caseId, reference } = await seedCase(t.db, t.users.caseworker.id, {
      fullName: 'Rosa Quinlan-Hart',
      assigneeId: t.users.caseworker.id,
      coordinatorId: t.users.coordinator.id,
    }));
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => smtp?.server.close(() => r(undefined)));
    await new Promise((r) => hook?.server.close(() => r(undefined)));
  });

  it('emails each recipient, from MAIL_FROM, with the case reference and kind but no name in the subject', async () => {
    const res = await t.as.caseworker
      .post(`/api/cases/${caseId}/reminders`)
      .send(
        reminderBody(1000, {
          channels: ['email', 'inapp'],
          kind: 'hearing',
          message: 'Prepare Rosa for the panel',
        }),
      )
      .expect(201);
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'sent', 'sent', 8000);
    const mails = smtp.mails.filter((m) => m.raw.includes(reference));
    expect(mails.flatMap((m) => m.to).sort()).toEqual(
      [t.users.caseworker.email, t.users.coordinator.email].sort(),
    );
    for (const mail of mails) {
      expect(mail.from).toBe('reminders@caseline.test');
      const subject = subjectOf(mail.raw);
      expect(subject).toContain(reference);
      expect(subject).toContain('hearing');
      expect(subject).not.toMatch(/Rosa|Quinlan/i);
      // absolute, from PUBLIC_URL (its trailing slash dropped): a mail client can open it
      expect(mail.raw).toContain(`Case: ${PUBLIC_URL}/cases/${caseId}\r\n`);
    }
    const deliveries = await t.db.query<{ channel: string; status: string }>(
      'SELECT channel, status FROM reminder_deliveries WHERE reminder_id = ? ORDER BY channel',
      [res.body.id],
    );
    expect(deliveries.filter((d) => d.channel === 'email').map((d) => d.status)).toEqual(['done', 'done']);
    await sleep(1500);
    expect(smtp.mails.filter((m) => m.raw.includes(reference))).toHaveLength(2);
  });

  it('signs the webhook, keeps its idempotency key across retries, and retries a 500', async () => {
    hook.failNext.n = 2;
    const before = hook.hooks.length;
    const res = await t.as.caseworker
      .post(`/api/cases/${caseId}/reminders`)
      .send(reminderBody(500, { channels: ['webhook'] }))
      .expect(201);
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'sent', 'sent', 10_000);
    const calls = hook.hooks.slice(before);
    expect(calls.map((c) => c.status)).toEqual([500, 500, 200]);
    const keys = new Set(calls.map((c) => c.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    const [delivery] = await t.db.query<{ id: string }>(
      "SELECT id FROM reminder_deliveries WHERE reminder_id = ? AND channel = 'webhook'",
      [res.body.id],
    );
    expect([...keys][0]).toBe(delivery.id);
    for (const call of calls) {
      const expected = `sha256=${createHmac('sha256', secret).update(call.body).digest('hex')}`;
      expect(call.headers['x-caseline-signature']).toBe(expected);
      expect(call.headers['content-type']).toContain('application/json');
      const payload = JSON.parse(call.body);
      expect(payload).toMatchObject({
        reminderId: res.body.id,
        caseId,
        caseReference: reference,
        kind: 'custom',
        caseUrl: `${PUBLIC_URL}/cases/${caseId}`,
      });
    }
    const row = await reminderRow(t.db, res.body.id);
    expect(row.attempts).toBe(2);
  });

  it('marks a reminder failed with attempts and lastError once SMTP stays unreachable', async () => {
    await t.restart({ SMTP_URL: 'smtp://127.0.0.1:1' });
    const res = await t.as.caseworker
      .post(`/api/cases/${caseId}/reminders`)
      .send(reminderBody(1500, { channels: ['email'], recipientIds: [t.users.coordinator.id] }))
      .expect(201);
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'failed', 'failed', 20_000);
    const row = await reminderRow(t.db, res.body.id);
    expect(row.attempts).toBeGreaterThanOrEqual(5);
    expect(row.last_error).toMatch(/email: .*ECONNREFUSED/);
    expect(row.last_error).not.toContain('@');
    const audit = await t.db.query<{ action: string }>(
      'SELECT action FROM audit_entries WHERE entity_id = ?',
      [res.body.id],
    );
    expect(audit.map((a) => a.action)).toContain('reminder.failed');
    const view = await t.as.coordinator.get(`/api/reminders/${res.body.id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'failed', attempts: row.attempts });
    expect(view.body.lastError).toBeTruthy();
  });
});
