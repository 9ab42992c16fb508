import { CaseStatus } from '../cases/case-status';
import { exportedCasesQuery, ExportScope, timelinePageQuery } from './export-query';

const scope = (filters: ExportScope['filters'], consentingMembersOnly = false): ExportScope => ({
  filters,
  pseudonymise: true,
  consentingMembersOnly,
});

describe(exportedCasesQuery.name, () => {
  it('is null when nothing narrows the cases (every case is exported)', () => {
    expect(exportedCasesQuery('sqlite', scope({}))).toBeNull();
    expect(exportedCasesQuery('sqlite', scope({ from: '2019-01-01', includeSuperseded: true }))).toBeNull();
  });

  it('leaves named cases to the page query (their own index is the better start)', () => {
    expect(exportedCasesQuery('sqlite', scope({ caseId: ['a', 'b'] }))).toBeNull();
  });

  it('selects the ids of the cases the case and member conditions allow, with bound values', () => {
    const q = exportedCasesQuery('sqlite', scope({ region: 'Wales', status: [CaseStatus.Upheld] }, true));
    expect(q?.sql).toBe(
      'SELECT c.id FROM cases c JOIN members m ON m.id = c.member_id WHERE c.status IN (?) AND m.region = ? AND m.consent_to_research = ?',
    );
    expect(q?.params).toEqual(['upheld', 'Wales', true]);
  });

  it('asks for consent alone for a researcher with no filters', () => {
    expect(exportedCasesQuery('postgres', scope({}, true))?.params).toEqual([true]);
  });
});

describe(timelinePageQuery.name, () => {
  it('evaluates the case conditions in every page when there is no case set', () => {
    const q = timelinePageQuery('sqlite', scope({ region: 'Wales' }), null, 500);
    expect(q.sql).toContain('+e.case_id IN (SELECT c.id FROM cases c JOIN members m');
    expect(q.params).toEqual(['Wales']);
  });

  it('reads the case set instead, without its conditions or values', () => {
    const q = timelinePageQuery('sqlite', scope({ region: 'Wales' }, true), null, 500, 'temp.export_cases');
    expect(q.sql).toContain('+e.case_id IN (SELECT id FROM temp.export_cases)');
    expect(q.sql).not.toContain('m.region');
    expect(q.params).toEqual([]);
  });

  it('keeps named cases, the date range and the cursor beside the case set', () => {
    const q = timelinePageQuery(
      'postgres',
      scope({ caseId: ['c1'], region: 'Wales', from: '2019-01-01' }),
      { occurredAt: '2019-02-01T00:00:00.000Z', id: 'e9' },
      500,
      'export_cases',
    );
    expect(q.sql).toContain('e.case_id IN ($1)');
    expect(q.sql).toContain('e.case_id IN (SELECT id FROM export_cases)');
    expect(q.params).toEqual(['c1', '2019-01-01T00:00:00.000Z', '2019-02-01T00:00:00.000Z', 'e9']);
  });

  it('ignores a case set when nothing narrows the cases', () => {
    const q = timelinePageQuery('sqlite', scope({}), null, 500, 'temp.export_cases');
    expect(q.sql).not.toContain('export_cases');
  });
});
