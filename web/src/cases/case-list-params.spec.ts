import {
  ANY_ASSIGNEE,
  assigneeFilter,
  deadlineMark,
  nextSort,
  parseCaseListParams,
  toCaseListParams,
  withChange,
} from './case-list-params';

describe('case list URL', () => {
  it('reads filters, sort and page from the URL and writes them back unchanged', () => {
    const url =
      'status=intake&status=appeal_lodged&actionType=expulsion&region=North&constituencyParty=Leeds+Central' +
      '&assigneeId=all&q=CL-2026&deadlineBefore=2026-12-31&sort=reference&limit=25&page=3';
    const query = parseCaseListParams(new URLSearchParams(url));
    expect(query).toEqual({
      status: ['intake', 'appeal_lodged'],
      actionType: ['expulsion'],
      region: 'North',
      constituencyParty: 'Leeds Central',
      assigneeId: 'all',
      q: 'CL-2026',
      deadlineBefore: '2026-12-31',
      sort: 'reference',
      limit: 25,
      page: 3,
    });
    expect(toCaseListParams(query).toString()).toBe(url);
  });

  it('leaves defaults out, so a plain list has a plain URL', () => {
    const query = parseCaseListParams(new URLSearchParams(''));
    expect(query).toEqual({ status: [], actionType: [], sort: '-updatedAt', page: 1, limit: 50 });
    expect(toCaseListParams(query).toString()).toBe('');
  });

  it('falls back to defaults for what it cannot understand (a hand-edited link still opens)', () => {
    const query = parseCaseListParams(
      new URLSearchParams('status=bogus&status=closed&sort=name&page=-2&limit=7&q=%20%20'),
    );
    expect(query).toEqual({ status: ['closed'], actionType: [], sort: '-updatedAt', page: 1, limit: 50 });
  });

  it('goes back to page 1 when a filter or the sort changes, and keeps the rest when the page does', () => {
    const query = parseCaseListParams(new URLSearchParams('region=North&page=4'));
    expect(withChange(query, { status: ['closed'] }).page).toBe(1);
    expect(withChange(query, { sort: 'reference' }).page).toBe(1);
    expect(withChange(query, { page: 5 })).toMatchObject({ page: 5, region: 'North' });
  });

  it('sorts a column ascending first, then descending, then ascending again', () => {
    expect(nextSort('-updatedAt', 'reference')).toBe('reference');
    expect(nextSort('reference', 'reference')).toBe('-reference');
    expect(nextSort('-reference', 'reference')).toBe('reference');
    expect(nextSort('-updatedAt', 'updatedAt')).toBe('updatedAt');
  });
});

describe('assignee filter', () => {
  const caseworker = { id: 'me', role: 'caseworker' };
  const coordinator = { id: 'boss', role: 'coordinator' };
  it('shows a caseworker their own cases unless the URL says whose', () => {
    expect(assigneeFilter(undefined, caseworker)).toBe('me');
    expect(assigneeFilter(ANY_ASSIGNEE, caseworker)).toBeUndefined();
    expect(assigneeFilter('someone', caseworker)).toBe('someone');
  });
  it('shows a coordinator everyone’s cases by default', () => {
    expect(assigneeFilter(undefined, coordinator)).toBeUndefined();
    expect(assigneeFilter('someone', coordinator)).toBe('someone');
  });
});

describe('deadline marks', () => {
  const today = '2026-12-06';
  it('marks a passed deadline overdue and one within 7 days due soon, before the appeal is lodged', () => {
    expect(deadlineMark('intake', '2026-12-05', today)).toBe('overdue');
    expect(deadlineMark('gathering_evidence', '2026-12-06', today)).toBe('due soon');
    expect(deadlineMark('intake', '2026-12-13', today)).toBe('due soon');
    expect(deadlineMark('intake', '2026-12-14', today)).toBeNull();
  });
  it('marks nothing once the appeal is lodged or the case is over', () => {
    for (const status of ['appeal_lodged', 'hearing_scheduled', 'reinstated', 'closed'] as const) {
      expect(deadlineMark(status, '2026-12-01', today)).toBeNull();
    }
  });
});
