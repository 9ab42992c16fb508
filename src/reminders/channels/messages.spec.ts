import { createHmac } from 'node:crypto';
import { ReminderKind, REMINDER_KINDS } from '../reminder-kinds';
import { emailBody, emailSubject, kindLabel, redactAddresses, webhookSignature } from './messages';

describe(emailSubject.name, () => {
  it('names the case reference and the kind', () => {
    expect(emailSubject('CL-2026-0001', ReminderKind.AppealDeadline)).toBe(
      '[Caseline] CL-2026-0001: appeal deadline',
    );
  });

  it.each(REMINDER_KINDS)('has a label for %s', (kind) => {
    expect(kindLabel(kind)).toMatch(/^[a-z -]+$/);
  });
});

describe(emailBody.name, () => {
  it('carries the message, the due time and the absolute link to the case', () => {
    const body = emailBody({
      message: 'Call them',
      caseUrl: 'https://caseline.example.org/cases/abc',
      dueAt: new Date('2026-01-01T10:00:00Z'),
    });
    expect(body).toContain('Call them');
    expect(body).toContain('Case: https://caseline.example.org/cases/abc\n');
    expect(body).toContain('2026-01-01T10:00:00.000Z');
  });
});

describe(webhookSignature.name, () => {
  it('is sha256= and the hex HMAC of the raw body', () => {
    const expected = createHmac('sha256', 'secret').update('{"a":1}').digest('hex');
    expect(webhookSignature('secret', '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('changes with the body and with the secret', () => {
    const base = webhookSignature('secret', 'x');
    expect(webhookSignature('secret', 'y')).not.toBe(base);
    expect(webhookSignature('other', 'x')).not.toBe(base);
  });
});

describe(redactAddresses.name, () => {
  it('removes email addresses from error text', () => {
    expect(redactAddresses('550 <ann@example.org>: Recipient address rejected')).toBe(
      '550 <[address]>: Recipient address rejected',
    );
  });

  it('leaves text without addresses alone', () => {
    expect(redactAddresses('connect ECONNREFUSED 127.0.0.1:1')).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});
