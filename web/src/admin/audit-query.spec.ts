import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditQueryOf, chainVerdict, detailsText, KNOWN_ACTIONS } from './audit-query';

/** Every `action: '<name>'` the server's code writes into the audit trail (specs left out). */
function actionsTheServerWrites(dir = join(__dirname, '..', '..', '..', 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return actionsTheServerWrites(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) return [];
    return [...readFileSync(path, 'utf8').matchAll(/\baction: '([a-z_]+(?:\.[a-z_]+)+)'/g)].map((m) => m[1]);
  });
}

describe('audit page query', () => {
  it('suggests every action the server writes, refused requests first', () => {
    const written = [...new Set(actionsTheServerWrites())].sort();
    expect(written.length).toBeGreaterThan(40);
    expect(written.filter((a) => !(KNOWN_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    expect(KNOWN_ACTIONS[0]).toBe('access.denied');
  });

  it('takes the filters and a page from the URL, ignoring blanks and a bad page', () => {
    expect(auditQueryOf(new URLSearchParams('action=user.create&entityId=&page=3'))).toEqual({
      limit: 50,
      action: 'user.create',
      page: 3,
    });
    expect(auditQueryOf(new URLSearchParams('page=x'))).toEqual({ limit: 50 });
    expect(auditQueryOf(new URLSearchParams('page=1.5&to=2026-01-31'))).toEqual({
      limit: 50,
      to: '2026-01-31',
    });
  });

  it('says whether the chain is whole, and where it breaks', () => {
    const log = {
      ok: true,
      size: 1300,
      checkpointSize: 1200,
      checkpointsMatch: true,
      problems: [],
      problemCount: 0,
    };
    expect(chainVerdict({ ok: true, entries: 1200, firstBrokenId: null, log })).toMatch(
      /^The chain is whole: all 1,200 entries.* Every one of the 1,300 records/,
    );
    expect(chainVerdict({ ok: false, entries: 9, firstBrokenId: 4, log })).toMatch(
      /^The chain is broken at entry 4/,
    );
  });

  it('tells a refused request in words, anything else as its JSON', () => {
    expect(
      detailsText('access.denied', { route: 'GET /api/cases/:id', status: 403, minute: '2026-12-06T09:41' }),
    ).toBe('Refused (403): GET /api/cases/:id');
    expect(
      detailsText('access.denied', {
        route: 'POST /api/cases/:id/events',
        status: 403,
        code: 'CSRF_REJECTED',
      }),
    ).toBe('Refused (403 CSRF_REJECTED): POST /api/cases/:id/events');
    expect(detailsText('case.update', { changed: ['priority'] })).toBe('{"changed":["priority"]}');
  });

  it('names the first problem of the verifiable log and its leaf', () => {
    const problem = {
      problem: 'changed' as const,
      leafIndex: 7,
      kind: 'timeline' as const,
      recordId: 'e1',
      detail: 'the timeline record e1 changed after it was logged',
    };
    const log = {
      ok: false,
      size: 10,
      checkpointSize: 10,
      checkpointsMatch: false,
      problems: [problem],
      problemCount: 2,
    };
    expect(chainVerdict({ ok: false, entries: 9, firstBrokenId: null, log })).toMatch(
      /^The chain is whole.* The verifiable log shows 2 problems; the first: the timeline record e1 changed after it was logged \(leaf 7\)\.$/,
    );
  });
});
