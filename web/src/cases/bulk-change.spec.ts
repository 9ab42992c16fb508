import { ApiError } from '../api/errors';
import type { CaseView } from '../api/types';
import { bulkBody, bulkOutcome } from './bulk-change';

const c = {
  id: 'c1',
  reference: 'CL-2026-0003',
  version: 4,
  assigneeId: 'u1',
  coordinatorId: null,
  priority: 'normal',
  tags: ['Press'],
} as unknown as CaseView;

describe('bulk changes of cases', () => {
  it('sends only the one field, with the version read', () => {
    expect(bulkBody(c, { kind: 'assigneeId', value: 'u2' })).toEqual({ version: 4, assigneeId: 'u2' });
    expect(bulkBody(c, { kind: 'coordinatorId', value: 'u9' })).toEqual({ version: 4, coordinatorId: 'u9' });
    expect(bulkBody(c, { kind: 'priority', value: 'urgent' })).toEqual({ version: 4, priority: 'urgent' });
    expect(bulkBody(c, { kind: 'tag', value: ' legal ' })).toEqual({ version: 4, tags: ['Press', 'legal'] });
  });

  it('sends nothing when the case already is as asked', () => {
    expect(bulkBody(c, { kind: 'assigneeId', value: 'u1' })).toBeNull();
    expect(bulkBody(c, { kind: 'priority', value: 'normal' })).toBeNull();
    expect(bulkBody(c, { kind: 'tag', value: 'press' })).toBeNull();
    expect(bulkBody(c, { kind: 'tag', value: '  ' })).toBeNull();
  });

  it('words each outcome, a stale version as changed by someone else', () => {
    expect(bulkOutcome(c, 'changed')).toMatchObject({ ok: true, text: 'CL-2026-0003: changed' });
    expect(bulkOutcome(c, 'unchanged').ok).toBe(true);
    const stale = bulkOutcome(c, new ApiError(409, { message: 'stale', code: 'STALE_VERSION' }));
    expect(stale).toMatchObject({ ok: false });
    expect(stale.text).toMatch(/^CL-2026-0003: changed by someone else in the meantime \(409\)/);
    expect(bulkOutcome(c, new ApiError(403, { message: 'no' })).text).toBe('CL-2026-0003: refused (403): no');
    expect(bulkOutcome(c, new TypeError('fetch')).text).toMatch(/could not be reached/);
  });
});
