import { DatePrecision, TimelineEventType } from '../timeline/timeline-event.entity';
import { isNotFutureDate } from './case-dates';
import {
  appealDateConflicts,
  AppealDates,
  atInstant,
  conflictMessage,
  decisionDateConflicts,
  isAllowedEventDate,
  isBefore,
  isNotFutureInstant,
  onDay,
} from './date-rules';

const NOW = new Date('2026-06-15T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('isBefore', () => {
  it.each([
    [onDay('2019-03-01'), onDay('2019-03-02'), true],
    [onDay('2019-03-02'), onDay('2019-03-01'), false],
    [onDay('2019-03-01'), onDay('2019-03-01'), false],
    [onDay('2019-03-01'), atInstant(at('2019-03-01T10:00:00Z')), false],
    [atInstant(at('2019-03-01T10:00:00Z')), onDay('2019-03-01'), false],
    [atInstant(at('2019-03-01T09:00:00Z')), atInstant(at('2019-03-01T10:00:00Z')), true],
    [atInstant(at('2019-03-01T10:00:00Z')), atInstant(at('2019-03-01T10:00:00Z')), false],
    [atInstant(at('2019-02-28T23:59:59Z')), onDay('2019-03-01'), true],
  ])('%j before %j is %s', (a, b, expected) => expect(isBefore(a, b)).toBe(expected));
});

describe('the future (case actionDate and notifiedAt, appeal lodgedAt, evidence obtainedAt, decisions)', () => {
  it.each([
    ['2026-06-14', true],
    ['2026-06-15', true],
    ['2026-06-16', true], // already today east of UTC (UTC+14 at 12:00Z)
    ['2026-06-17', false],
    ['2027-01-01', false],
  ])('a calendar date %s is allowed: %s', (day, ok) => expect(isNotFutureDate(day, NOW)).toBe(ok));

  it.each([
    ['2026-06-15T12:00:00Z', true],
    ['2026-06-15T12:01:00Z', true], // clock skew
    ['2026-06-15T12:01:01Z', false],
    ['2026-06-16T00:00:00Z', false],
  ])('an instant %s is allowed: %s', (iso, ok) => expect(isNotFutureInstant(at(iso), NOW)).toBe(ok));
});

describe(isAllowedEventDate.name, () => {
  const cases: [TimelineEventType, string, DatePrecision, boolean][] = [
    [TimelineEventType.Note, '2027-01-01T00:00:00Z', DatePrecision.Year, false],
    [TimelineEventType.Note, '2026-01-01T00:00:00Z', DatePrecision.Year, true],
    [TimelineEventType.Note, '2026-06-01T00:00:00Z', DatePrecision.Month, true],
    [TimelineEventType.Note, '2026-07-01T00:00:00Z', DatePrecision.Month, false],
    [TimelineEventType.Note, '2026-06-16T00:00:00Z', DatePrecision.Day, true],
    [TimelineEventType.Note, '2026-06-17T00:00:00Z', DatePrecision.Day, false],
    [TimelineEventType.Note, '2026-06-15T12:00:30Z', DatePrecision.Exact, true],
    [TimelineEventType.Note, '2026-06-15T13:00:00Z', DatePrecision.Exact, false],
    [TimelineEventType.Decision, '2026-07-01T00:00:00Z', DatePrecision.Day, false],
    [TimelineEventType.Meeting, '2026-07-01T10:00:00Z', DatePrecision.Exact, false],
    [TimelineEventType.AppealLodged, '2026-07-01T00:00:00Z', DatePrecision.Day, false],
    [TimelineEventType.Correspondence, '2015-03-01T00:00:00Z', DatePrecision.Day, true],
    [TimelineEventType.Hearing, '2027-03-01T10:00:00Z', DatePrecision.Exact, true],
    [TimelineEventType.Hearing, '2027-03-01T00:00:00Z', DatePrecision.Day, true],
  ];
  it.each(cases)('a %s dated %s (%s) is allowed: %s', (type, iso, precision, ok) =>
    expect(isAllowedEventDate(type, at(iso), precision, NOW)).toBe(ok),
  );
});

describe(appealDateConflicts.name, () => {
  const appeal = (over: Partial<AppealDates>): AppealDates => ({
    lodgedAt: '2019-03-20',
    hearingAt: null,
    decidedAt: null,
    decided: false,
    ...over,
  });

  it.each([
    ['no hearing, no decision', appeal({}), []],
    ['hearing after lodging', appeal({ hearingAt: at('2019-05-14T10:00:00Z') }), []],
    ['hearing on the day of lodging', appeal({ hearingAt: at('2019-03-20T09:00:00Z') }), []],
    [
      'decision after hearing',
      appeal({ hearingAt: at('2019-05-14T10:00:00Z'), decidedAt: '2019-05-20', decided: true }),
      [],
    ],
    [
      'decision on the hearing day',
      appeal({ hearingAt: at('2019-05-14T10:00:00Z'), decidedAt: '2019-05-14', decided: true }),
      [],
    ],
    [
      'withdrawal before a scheduled hearing',
      appeal({ hearingAt: at('2019-05-14T10:00:00Z'), decidedAt: '2019-04-01', decided: false }),
      [],
    ],
  ])('accepts %s', (_name, dates, expected) => expect(appealDateConflicts(dates)).toEqual(expected));

  it('refuses a hearing before the lodging, told from the hearing', () => {
    expect(appealDateConflicts(appeal({ hearingAt: at('2019-03-01T10:00:00Z') }), ['hearingAt'])).toEqual([
      {
        field: 'hearingAt',
        value: '2019-03-01T10:00:00.000Z',
        mustNotBe: 'before',
        other: 'lodgedAt',
        otherValue: '2019-03-20',
      },
    ]);
  });

  it('refuses a lodging moved after the hearing, told from the lodging', () => {
    const conflicts = appealDateConflicts(
      appeal({ lodgedAt: '2019-06-01', hearingAt: at('2019-05-14T10:00:00Z') }),
      ['lodgedAt'],
    );
    expect(conflicts).toEqual([
      {
        field: 'lodgedAt',
        value: '2019-06-01',
        mustNotBe: 'after',
        other: 'hearingAt',
        otherValue: '2019-05-14T10:00:00.000Z',
      },
    ]);
    expect(conflictMessage(conflicts[0])).toBe(
      'lodgedAt (2019-06-01) must not be after hearingAt (2019-05-14T10:00:00.000Z)',
    );
  });

  it('refuses a lodging moved after the decision (and after the hearing)', () => {
    const conflicts = appealDateConflicts(
      appeal({
        lodgedAt: '2019-06-01',
        hearingAt: at('2019-05-14T10:00:00Z'),
        decidedAt: '2019-05-20',
        decided: true,
      }),
      ['lodgedAt'],
    );
    expect(conflicts.map((c) => [c.field, c.mustNotBe, c.other])).toEqual([
      ['lodgedAt', 'after', 'hearingAt'],
      ['lodgedAt', 'after', 'decidedAt'],
    ]);
  });

  it('refuses a hearing moved after the decision it led to', () => {
    const conflicts = appealDateConflicts(
      appeal({ hearingAt: at('2019-06-01T10:00:00Z'), decidedAt: '2019-05-20', decided: true }),
      ['hearingAt'],
    );
    expect(conflicts.map((c) => [c.field, c.mustNotBe, c.other])).toEqual([
      ['hearingAt', 'after', 'decidedAt'],
    ]);
  });

  it('leaves alone a stored contradiction the request does not touch (e.g. changing only the body)', () => {
    const stored = appeal({ hearingAt: at('2019-03-01T10:00:00Z') });
    expect(appealDateConflicts(stored, ['body'])).toEqual([]);
    expect(appealDateConflicts(stored, [])).toEqual([]);
    expect(appealDateConflicts(stored)).toHaveLength(1);
  });

  it('refuses a decision before the lodging whatever the outcome', () => {
    const conflicts = appealDateConflicts(appeal({ decidedAt: '2019-03-01', decided: false }));
    expect(conflicts.map((c) => [c.field, c.mustNotBe, c.other])).toEqual([
      ['decidedAt', 'before', 'lodgedAt'],
    ]);
  });
});

describe(decisionDateConflicts.name, () => {
  const pending = { lodgedAt: '2019-03-20', hearingAt: at('2019-05-14T10:00:00Z') };

  it.each([
    ['a day after the hearing', onDay('2019-05-20')],
    ['the hearing day', onDay('2019-05-14')],
    ['an instant after the hearing', atInstant(at('2019-05-14T15:00:00Z'))],
  ])('accepts a decision on %s', (_name, decision) =>
    expect(decisionDateConflicts(decision, pending)).toEqual([]),
  );

  it('accepts a decision after the lodging when no hearing was set', () =>
    expect(decisionDateConflicts(onDay('2019-03-20'), { ...pending, hearingAt: null })).toEqual([]));

  it('refuses a decision before the hearing', () => {
    expect(decisionDateConflicts(onDay('2019-05-01'), pending)).toEqual([
      {
        field: 'occurredAt',
        value: '2019-05-01',
        mustNotBe: 'before',
        other: 'appeal.hearingAt',
        otherValue: '2019-05-14T10:00:00.000Z',
      },
    ]);
  });

  it('refuses a decision an hour before the hearing on its day', () => {
    const conflicts = decisionDateConflicts(atInstant(at('2019-05-14T09:00:00Z')), pending);
    expect(conflicts.map((c) => c.other)).toEqual(['appeal.hearingAt']);
  });

  it('refuses a decision before the lodging (and so before the hearing)', () => {
    const conflicts = decisionDateConflicts(onDay('2019-03-01'), pending);
    expect(conflicts.map((c) => [c.field, c.mustNotBe, c.other])).toEqual([
      ['occurredAt', 'before', 'appeal.lodgedAt'],
      ['occurredAt', 'before', 'appeal.hearingAt'],
    ]);
  });
});
