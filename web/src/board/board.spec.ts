import type { CaseView } from '../api/types';
import {
  groupByStatus,
  matchesBoardFilters,
  moveKind,
  OPEN_STATUSES,
  parseBoardParams,
  toBoardParams,
} from './board';

const card = (over: Partial<CaseView>): CaseView =>
  ({ status: 'intake', allowedTransitions: [], priority: 'normal', tags: [], ...over }) as CaseView;

describe('the board', () => {
  it('reads and writes its filters in the URL, ignoring what it cannot understand', () => {
    const f = parseBoardParams(
      new URLSearchParams('assigneeId=u1&region=%20North%20&priority=urgent&tag=press'),
    );
    expect(f).toEqual({ assigneeId: 'u1', region: 'North', priority: 'urgent', tag: 'press' });
    expect(toBoardParams(f).toString()).toBe('assigneeId=u1&region=North&priority=urgent&tag=press');
    expect(parseBoardParams(new URLSearchParams('priority=huge&tag='))).toEqual({});
    expect(toBoardParams({}).toString()).toBe('');
  });

  it('loads only the open statuses up front', () => {
    expect(OPEN_STATUSES).not.toContain('closed');
    expect(OPEN_STATUSES).not.toContain('reinstated');
    expect(OPEN_STATUSES).toContain('upheld');
  });

  it('filters cards by priority and tag (tag without regard to case)', () => {
    const c = card({ priority: 'high', tags: ['Press'] });
    expect(matchesBoardFilters(c, { priority: 'high', tag: 'press' })).toBe(true);
    expect(matchesBoardFilters(c, { priority: 'low' })).toBe(false);
    expect(matchesBoardFilters(c, { tag: 'legal' })).toBe(false);
  });

  it('groups cards by status, keeping their order', () => {
    const a = card({ id: 'a', status: 'intake' });
    const b = card({ id: 'b', status: 'closed' });
    const c = card({ id: 'c', status: 'intake' });
    const g = groupByStatus([a, b, c]);
    expect(g.intake.map((x) => x.id)).toEqual(['a', 'c']);
    expect(g.closed.map((x) => x.id)).toEqual(['b']);
    expect(g.upheld).toEqual([]);
  });

  it('refuses a move the server does not allow, asks for what a guard needs, moves the rest at once', () => {
    const c = card({
      status: 'intake',
      allowedTransitions: ['gathering_evidence', 'appeal_lodged', 'closed'],
    });
    expect(moveKind(c, 'intake')).toBe('none');
    expect(moveKind(c, 'awaiting_decision')).toBe('refused');
    expect(moveKind(c, 'gathering_evidence')).toBe('direct');
    expect(moveKind(c, 'appeal_lodged')).toBe('dialog');
    expect(moveKind(c, 'closed')).toBe('dialog');
    const d = card({ status: 'awaiting_decision', allowedTransitions: ['reinstated', 'upheld'] });
    expect(moveKind(d, 'reinstated')).toBe('dialog');
    // A researcher's cases allow nothing: every drop is refused.
    expect(moveKind(card({ allowedTransitions: [] }), 'gathering_evidence')).toBe('refused');
  });
});
