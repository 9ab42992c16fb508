import { ReminderKind } from '../reminders/reminder-kinds';
import {
  deadlineEntry,
  hashCalendarToken,
  hearingEntry,
  newCalendarToken,
  reminderEntry,
} from './calendar-feed';

const BASE = 'https://caseline.example.org';

describe('calendar feed entries', () => {
  it('links every entry to its case page by an absolute URL', () => {
    const entries = [
      deadlineEntry({ id: 'c1', reference: 'CL-2026-0001', appealDeadline: '2026-03-29' }, BASE),
      hearingEntry({ id: 'a1', caseId: 'c1', reference: 'CL-2026-0001', hearingAt: new Date() }, BASE),
      reminderEntry(
        { id: 'r1', caseId: 'c1', reference: 'CL-2026-0001', kind: ReminderKind.Custom, dueAt: new Date() },
        BASE,
      ),
    ];
    for (const e of entries) {
      expect(e.url).toBe('https://caseline.example.org/cases/c1');
      expect(e.description).toContain(': https://caseline.example.org/cases/c1');
    }
  });

  it('makes an appeal deadline an all-day entry with a stable uid', () => {
    const e = deadlineEntry({ id: 'c1', reference: 'CL-2026-0001', appealDeadline: '2026-03-29' }, BASE);
    expect(e).toMatchObject({
      uid: 'appeal-deadline-c1@caseline',
      allDay: true,
      summary: 'CL-2026-0001: appeal deadline',
    });
    expect(e.start.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(e.end.toISOString()).toBe('2026-03-30T00:00:00.000Z');
  });

  it('makes a hearing a one-hour entry', () => {
    const hearingAt = new Date('2026-04-01T10:00:00Z');
    const e = hearingEntry({ id: 'a1', caseId: 'c1', reference: 'CL-2026-0001', hearingAt }, BASE);
    expect(e.uid).toBe('hearing-a1@caseline');
    expect(e.end.getTime() - e.start.getTime()).toBe(3600_000);
    expect(e.summary).toBe('CL-2026-0001: hearing');
  });

  it('names a reminder by case reference and kind, without its message', () => {
    const e = reminderEntry(
      {
        id: 'r1',
        caseId: 'c1',
        reference: 'CL-2026-0001',
        kind: ReminderKind.FollowUp,
        dueAt: new Date('2026-04-01T10:00:00Z'),
      },
      BASE,
    );
    expect(e.summary).toBe('CL-2026-0001: follow-up');
    expect(e.uid).toBe('reminder-r1@caseline');
  });
});

describe(newCalendarToken.name, () => {
  it('is random, url-safe and long', () => {
    const a = newCalendarToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCalendarToken()).not.toBe(a);
  });

  it('is stored as a sha-256 hex digest', () => {
    expect(hashCalendarToken('x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCalendarToken('x')).toBe(hashCalendarToken('x'));
  });
});
