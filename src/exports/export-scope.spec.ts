import { DomainError } from '../http/domain-error';
import { cleanFilters, exportScope } from './export-scope';
import { occurredRange, timelinePageQuery } from './export-query';

describe('exportScope', () => {
  it.each([
    ['admin', undefined, true, false],
    ['admin', false, false, false],
    ['coordinator', undefined, true, false],
    ['coordinator', true, true, false],
    ['coordinator', false, false, false],
    ['researcher', undefined, true, true],
    ['researcher', true, true, true],
  ])(
    '%s asking pseudonymise=%s gets pseudonymise %s, consenting members only %s',
    (role, ask, pseudo, consent) => {
      expect(exportScope({ role }, {}, ask as boolean | undefined)).toEqual({
        filters: {},
        pseudonymise: pseudo,
        consentingMembersOnly: consent,
      });
    },
  );

  it('refuses a researcher a named export (403)', () => {
    expect(() => exportScope({ role: 'researcher' }, {}, false)).toThrow(DomainError);
    try {
      exportScope({ role: 'researcher' }, {}, false);
    } catch (e) {
      expect((e as DomainError).status).toBe(403);
    }
  });
});

describe('cleanFilters', () => {
  it('drops absent filters', () => {
    expect(cleanFilters({ region: 'Wales', status: undefined })).toEqual({ region: 'Wales' });
    expect(cleanFilters(undefined)).toEqual({});
  });
});

describe('occurredRange', () => {
  it('makes a bare `to` date include that whole day and a date-time `to` inclusive', () => {
    expect(occurredRange({ from: '2019-03-01', to: '2019-03-31' })).toEqual({
      from: new Date('2019-03-01T00:00:00Z'),
      to: new Date('2019-03-31T23:59:59.999Z'),
    });
    expect(occurredRange({ to: '2019-03-05T14:30:00+01:00' }).to).toEqual(new Date('2019-03-05T13:30:00Z'));
  });

  it.each(['2016-W05-1', '2019-02-30', '2019-03-05T25:00:00Z', '2019-03-05T14:30:00'])(
    'refuses the bound %p with a 400 naming it',
    (value) => {
      expect(() => occurredRange({ to: value })).toThrow(expect.objectContaining({ code: 'INVALID' }));
      expect(() => occurredRange({ from: value })).toThrow(/^from must be a calendar date/);
    },
  );
});

describe('exportScope: filters', () => {
  it('refuses a filter bound before anything is exported', () => {
    expect(() => exportScope({ role: 'coordinator' }, { to: '2016-W05-1' })).toThrow(/^to must be/);
  });
});

describe('timelinePageQuery', () => {
  const scope = { filters: {}, pseudonymise: true, consentingMembersOnly: false };

  it('orders by (occurred_at, id) and continues after the cursor with a row-value comparison', () => {
    const q = timelinePageQuery('sqlite', scope, { occurredAt: '2019-01-01 00:00:00.000', id: 'x' }, 10);
    expect(q.sql).toContain('(e.occurred_at, e.id) > (?, ?)');
    expect(q.sql).toMatch(/ORDER BY e\.occurred_at, e\.id\s+LIMIT 10/);
    expect(q.params).toEqual(['2019-01-01 00:00:00.000', 'x']);
  });

  it('numbers placeholders for PostgreSQL and leaves superseded events out by default', () => {
    const q = timelinePageQuery(
      'postgres',
      { ...scope, consentingMembersOnly: true, filters: { caseId: ['a', 'b'], region: 'Wales' } },
      null,
      5,
    );
    expect(q.sql).toContain('e.case_id IN ($1, $2)');
    expect(q.sql).toContain('m.region = $3');
    expect(q.sql).toContain('m.consent_to_research = $4');
    expect(q.sql).toContain('e.superseded_by IS NULL');
    expect(q.params).toEqual(['a', 'b', 'Wales', true]);
  });

  it('joins case and member columns, with the identifiers only when pseudonymising', () => {
    const named = timelinePageQuery('sqlite', { ...scope, pseudonymise: false }, null, 5).sql;
    expect(named).toContain('CROSS JOIN cases ca ON ca.id = e.case_id');
    expect(named).toContain('CROSS JOIN members me ON me.id = ca.member_id');
    expect(named).not.toContain('me.email');
    expect(timelinePageQuery('sqlite', scope, null, 5).sql).toContain(
      'me.email, me.phone, me.membership_number',
    );
    expect(timelinePageQuery('postgres', scope, null, 5).sql).toContain(
      ' JOIN cases ca ON ca.id = e.case_id',
    );
    expect(timelinePageQuery('postgres', scope, null, 5).sql).not.toContain('CROSS JOIN');
  });

  it('includes superseded events when asked, except for TimelineJS', () => {
    const withOld = { ...scope, filters: { includeSuperseded: true } };
    expect(timelinePageQuery('sqlite', withOld, null, 5).sql).not.toContain('superseded_by IS NULL');
    expect(timelinePageQuery('sqlite', { ...withOld, excludeSuperseded: true }, null, 5).sql).toContain(
      'superseded_by IS NULL',
    );
  });
});
