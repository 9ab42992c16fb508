import fc from 'fast-check';
import { Role } from '../users/role';
import { CaseStatus } from './case-status';
import {
  allowedNext,
  allowedTransitionsFor,
  CASE_STATUSES,
  checkTransition,
  decisionOutcome,
  describeMissing,
  isAllowed,
  isCaseStatus,
  orderTransitions,
  missingRequirements,
  replay,
  TransitionContext,
  WORKFLOW,
} from './case-workflow';

const S = CaseStatus;

/** The table of PRODUCT.md, written out independently of the module under test. */
const EXPECTED: Record<string, string[]> = {
  intake: ['gathering_evidence', 'appeal_lodged', 'closed'],
  gathering_evidence: ['appeal_lodged', 'closed'],
  appeal_lodged: ['hearing_scheduled', 'awaiting_decision', 'closed'],
  hearing_scheduled: ['awaiting_decision', 'closed'],
  awaiting_decision: ['reinstated', 'upheld'],
  upheld: ['appeal_lodged', 'escalated', 'closed'],
  escalated: ['reinstated', 'upheld', 'closed'],
  closed: ['gathering_evidence'],
  reinstated: [],
};

/** A context that satisfies every guard. */
const satisfied: TransitionContext = {
  pendingAppeal: { hearingAt: new Date('2019-05-01T10:00:00Z') },
  occurredAt: new Date('2019-05-02T00:00:00Z'),
  reason: 'because',
};

describe('CaseWorkflow', () => {
  it('has nine statuses', () => {
    expect(CASE_STATUSES).toHaveLength(9);
    expect(Object.keys(WORKFLOW).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const pairs = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));
  it('covers all 81 (from, to) pairs', () => expect(pairs).toHaveLength(81));

  describe.each(pairs)('%s → %s', (from, to) => {
    const legal = EXPECTED[from].includes(to);
    it(legal ? 'is allowed by the table' : 'is refused by the table', () => {
      expect(isAllowed(from, to)).toBe(legal);
      const check = checkTransition(from, to, satisfied);
      if (legal) expect(check).toEqual({ ok: true, appealOutcome: decisionOutcome(to) });
      else expect(check).toEqual({ ok: false, kind: 'illegal', allowed: EXPECTED[from] });
    });
  });

  it('lists allowed next statuses in table order', () => {
    for (const from of CASE_STATUSES) expect(allowedNext(from)).toEqual(EXPECTED[from]);
  });

  it('lets nothing leave reinstated', () => {
    for (const to of CASE_STATUSES) expect(isAllowed(S.Reinstated, to)).toBe(false);
  });

  it('recognises status strings', () => {
    expect(isCaseStatus('upheld')).toBe(true);
    expect(isCaseStatus('Upheld')).toBe(false);
    expect(isCaseStatus(3)).toBe(false);
  });

  describe('guards', () => {
    const none: TransitionContext = { pendingAppeal: null };
    it('requires a pending appeal for → appeal_lodged', () => {
      expect(checkTransition(S.Intake, S.AppealLodged, none)).toEqual({
        ok: false,
        kind: 'guard',
        missing: ['pending_appeal'],
      });
      expect(checkTransition(S.Upheld, S.AppealLodged, none)).toMatchObject({ missing: ['pending_appeal'] });
      expect(
        missingRequirements(S.GatheringEvidence, S.AppealLodged, { pendingAppeal: { hearingAt: null } }),
      ).toEqual([]);
    });

    it("requires the pending appeal's hearing date for → hearing_scheduled", () => {
      expect(missingRequirements(S.AppealLodged, S.HearingScheduled, none)).toEqual([
        'pending_appeal',
        'hearing_date',
      ]);
      expect(
        missingRequirements(S.AppealLodged, S.HearingScheduled, { pendingAppeal: { hearingAt: null } }),
      ).toEqual(['hearing_date']);
      expect(
        missingRequirements(S.AppealLodged, S.HearingScheduled, { pendingAppeal: { hearingAt: new Date() } }),
      ).toEqual([]);
    });

    it.each([
      [S.AwaitingDecision, S.Reinstated],
      [S.AwaitingDecision, S.Upheld],
      [S.Escalated, S.Reinstated],
      [S.Escalated, S.Upheld],
    ])('requires the decision date for %s → %s', (from, to) => {
      expect(checkTransition(from, to, { pendingAppeal: { hearingAt: null } })).toEqual({
        ok: false,
        kind: 'guard',
        missing: ['decision_date'],
      });
      expect(checkTransition(from, to, { pendingAppeal: null, occurredAt: new Date() })).toEqual({
        ok: true,
        appealOutcome: to === S.Reinstated ? 'allowed' : 'dismissed',
      });
    });

    it.each([S.Intake, S.GatheringEvidence, S.AppealLodged, S.HearingScheduled, S.Upheld, S.Escalated])(
      'requires a reason for %s → closed',
      (from) => {
        expect(missingRequirements(from, S.Closed, none)).toEqual(['reason']);
        expect(missingRequirements(from, S.Closed, { ...none, reason: '   ' })).toEqual(['reason']);
        expect(missingRequirements(from, S.Closed, { ...none, reason: 'withdrawn by member' })).toEqual([]);
      },
    );

    it('requires a reason to reopen (closed → gathering_evidence) but not to start gathering evidence', () => {
      expect(missingRequirements(S.Closed, S.GatheringEvidence, none)).toEqual(['reason']);
      expect(missingRequirements(S.Closed, S.GatheringEvidence, { ...none, reason: 'new facts' })).toEqual(
        [],
      );
      expect(missingRequirements(S.Intake, S.GatheringEvidence, none)).toEqual([]);
    });

    it('needs nothing for → awaiting_decision and → escalated', () => {
      expect(missingRequirements(S.AppealLodged, S.AwaitingDecision, none)).toEqual([]);
      expect(missingRequirements(S.HearingScheduled, S.AwaitingDecision, none)).toEqual([]);
      expect(missingRequirements(S.Upheld, S.Escalated, none)).toEqual([]);
    });

    it('checks the table before the guards', () => {
      expect(checkTransition(S.Reinstated, S.Closed, none)).toMatchObject({ kind: 'illegal', allowed: [] });
    });

    it('says what is missing in words', () => {
      expect(describeMissing(S.HearingScheduled, ['pending_appeal', 'hearing_date'])).toBe(
        "Moving to hearing_scheduled needs a pending appeal (lodge the appeal first) and the pending appeal's hearing date (hearingAt)",
      );
      expect(describeMissing(S.Upheld, ['decision_date'])).toContain('decision date');
      expect(describeMissing(S.Closed, ['reason'])).toContain('a reason');
    });
  });

  describe('decisionOutcome', () => {
    it.each(CASE_STATUSES)('maps %s', (to) => {
      const expected = to === S.Reinstated ? 'allowed' : to === S.Upheld ? 'dismissed' : null;
      expect(decisionOutcome(to)).toBe(expected);
    });
  });

  describe('allowedTransitionsFor', () => {
    it.each(CASE_STATUSES)('gives researchers nothing and the others the table from %s', (status) => {
      expect(allowedTransitionsFor(Role.Researcher, status)).toEqual([]);
      for (const role of [Role.Admin, Role.Caseworker, Role.Coordinator])
        expect(allowedTransitionsFor(role, status)).toEqual(EXPECTED[status]);
    });
  });

  describe('replay', () => {
    it('replays a campaign to its last status', () => {
      expect(
        replay(S.Intake, [
          { from: S.Intake, to: S.AppealLodged },
          { from: S.AppealLodged, to: S.AwaitingDecision },
          { from: S.AwaitingDecision, to: S.Reinstated },
        ]),
      ).toBe(S.Reinstated);
    });
    it('rejects a history with a gap or an illegal step', () => {
      expect(() => replay(S.Intake, [{ from: S.Closed, to: S.GatheringEvidence }])).toThrow(
        /expected intake/,
      );
      expect(() => replay(S.Intake, [{ from: S.Intake, to: S.Reinstated }])).toThrow(/not allowed/);
    });
  });

  describe('orderTransitions', () => {
    it('orders by recorded time and follows the chain where times tie', () => {
      const t = new Date('2026-01-01T00:00:00Z');
      const later = new Date('2026-01-01T00:00:01Z');
      const rows = [
        { from: S.AwaitingDecision, to: S.Upheld, recordedAt: later },
        { from: S.AppealLodged, to: S.AwaitingDecision, recordedAt: t },
        { from: S.Intake, to: S.AppealLodged, recordedAt: t },
      ];
      expect(orderTransitions(rows).map((r) => r.to)).toEqual([S.AppealLodged, S.AwaitingDecision, S.Upheld]);
    });
  });

  it('property: random transition requests never reach a state the table disallows, and history replays', () => {
    const request = fc.record({
      to: fc.constantFrom(...CASE_STATUSES),
      hasPendingAppeal: fc.boolean(),
      hasHearing: fc.boolean(),
      hasDate: fc.boolean(),
      reason: fc.constantFrom(undefined, '', '  ', 'a reason'),
    });
    fc.assert(
      fc.property(fc.array(request, { maxLength: 60 }), (requests) => {
        let status: CaseStatus = S.Intake;
        const history: { from: CaseStatus; to: CaseStatus }[] = [];
        for (const r of requests) {
          const ctx: TransitionContext = {
            pendingAppeal: r.hasPendingAppeal ? { hearingAt: r.hasHearing ? new Date() : null } : null,
            occurredAt: r.hasDate ? new Date() : undefined,
            reason: r.reason,
          };
          const check = checkTransition(status, r.to, ctx);
          if (check.ok) {
            expect(EXPECTED[status]).toContain(r.to);
            history.push({ from: status, to: r.to });
            status = r.to;
          } else if (check.kind === 'illegal') {
            expect(EXPECTED[status]).not.toContain(r.to);
            expect(check.allowed).toEqual(EXPECTED[status]);
          } else {
            expect(check.missing.length).toBeGreaterThan(0);
          }
          expect(CASE_STATUSES).toContain(status);
        }
        expect(replay(S.Intake, history)).toBe(status);
      }),
      { numRuns: 500 },
    );
  });
});
