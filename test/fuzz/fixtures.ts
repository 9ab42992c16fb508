import { intakePayload } from '../factories/case-payloads';
import { reminderBody } from '../factories/reminders';
import { Role } from './world';

export interface Fixtures {
  /** kind → ids of real records, each with the case it belongs to (if any). */
  records: { kind: string; id: string; caseId?: string }[];
  calendarToken: string;
}

/** A small multipart/form-data body (fields, then one file part unless `file` is null). */
export function multipartBody(
  fields: [string, string][],
  file: { name: string; filename: string; content: Buffer; type?: string }[],
  boundary = 'fuzzboundary7MA4YWxkTrZu0gW',
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const f of file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.type ?? 'text/plain'}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * One real record of every kind a path can name — a case (and its member), an appeal, an event,
 * an evidence file, a reminder, an export, a user, a notification — created through the API as a
 * client would, so valid requests reach the code behind the id checks.
 */
export async function createFixtures(url: string, tokens: Record<Role, string>): Promise<Fixtures> {
  const call = async (role: Role, method: string, path: string, body?: unknown, expect = [200, 201, 202]) => {
    const multipart = Buffer.isBuffer((body as { body?: unknown } | undefined)?.body);
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[role]}`,
        ...(body === undefined
          ? {}
          : {
              'content-type': multipart ? (body as { contentType: string }).contentType : 'application/json',
            }),
      },
      body:
        body === undefined ? undefined : multipart ? (body as { body: Buffer }).body : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown> & { id: string };
    if (!expect.includes(res.status))
      throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const records: Fixtures['records'] = [];
  for (let i = 0; i < 2; i++) {
    const c = await call('caseworker', 'POST', '/api/cases', intakePayload());
    records.push({ kind: 'case', id: c.id }, { kind: 'member', id: c.memberId as string });
    const appeal = await call('caseworker', 'POST', `/api/cases/${c.id}/appeals`, {
      lodgedAt: '2019-03-20',
      body: 'National Constitutional Committee',
    });
    const event = await call('caseworker', 'POST', `/api/cases/${c.id}/events`, {
      type: 'note',
      occurredAt: '2019-03',
      title: 'Branch meeting',
    });
    const evidence = await call(
      'caseworker',
      'POST',
      `/api/cases/${c.id}/evidence`,
      multipartBody(
        [['description', 'Letter']],
        [{ name: 'file', filename: 'letter.txt', content: Buffer.from(`fixture letter ${i} ${Date.now()}`) }],
      ),
    );
    // Due in a moment, so that notifications exist by the time the run asks for them.
    const reminder = await call(
      'caseworker',
      'POST',
      `/api/cases/${c.id}/reminders`,
      reminderBody(i === 0 ? 1000 : 86_400_000),
    );
    records.push(
      { kind: 'appeal', id: appeal.id, caseId: c.id },
      { kind: 'event', id: event.id, caseId: c.id },
      { kind: 'evidence', id: evidence.id, caseId: c.id },
      { kind: 'reminder', id: reminder.id, caseId: c.id },
    );
  }
  const exported = await call('admin', 'POST', '/api/exports', { format: 'json' });
  const user = await call('admin', 'POST', '/api/users', {
    email: `fuzz-target-${Date.now()}@example.org`,
    fullName: 'Fuzz Target',
    role: 'caseworker',
    password: 'a-long-fuzz-password',
  });
  records.push({ kind: 'export', id: exported.id }, { kind: 'user', id: user.id });
  const calendar = await call('caseworker', 'POST', '/api/me/calendar-token');
  return { records, calendarToken: tokenOf(calendar) };
}

/** The feed token inside POST /api/me/calendar-token's answer ({url}). */
export function tokenOf(answer: unknown): string {
  const url = (answer as { url?: unknown } | null)?.url;
  return typeof url === 'string' ? (new URL(url).searchParams.get('token') ?? '') : '';
}
