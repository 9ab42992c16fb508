import { ReminderKind, ReminderStatus } from './reminder-kinds';
import {
  autoKey,
  deadlineInstant,
  defaultRecipients,
  describeOffset,
  isEmptyPlan,
  planAutomaticReminders,
  PlanAppeal,
  PlanCase,
  PlanReminder,
} from './reminder-plan';

const DAY = 1440;
const offsets = { appealDeadline: [7 * DAY, 2 * DAY, DAY], hearing: [2 * DAY, 120] };
const now = new Date('2026-03-01T12:00:00Z');
const minutesBefore = (d: Date, m: number) => new Date(d.getTime() - m * 60_000);

function aCase(overrides: Partial<PlanCase> = {}): PlanCase {
  return {
    id: 'case-1',
    reference: 'CL-2026-0001',
    status: 'intake',
    appealDeadline: '2026-03-29',
    assigneeId: 'assignee',
    coordinatorId: 'coordinator',
    createdBy: 'creator',
    ...overrides,
  };
}

function anAppeal(overrides: Partial<PlanAppeal> = {}): PlanAppeal {
  return { id: 'appeal-1', outcome: 'pending', hearingAt: null, ...overrides };
}

let seq = 0;
function scheduledFromPlan(c: PlanCase, appeals: PlanAppeal[], at = now): PlanReminder[] {
  return planAutomaticReminders({ case: c, appeals, reminders: [], now: at, offsets }).create.map((r) => ({
    ...r,
    id: `r-${++seq}`,
    status: ReminderStatus.Scheduled,
  }));
}

function plan(c: PlanCase, appeals: PlanAppeal[] = [], reminders: PlanReminder[] = [], at = now) {
  return planAutomaticReminders({ case: c, appeals, reminders, now: at, offsets });
}

describe(deadlineInstant.name, () => {
  it('puts a date deadline at 09:00 UTC of that day', () => {
    expect(deadlineInstant('2026-03-29').toISOString()).toBe('2026-03-29T09:00:00.000Z');
  });

  it('rejects what is not a date', () => {
    expect(() => deadlineInstant('soon')).toThrow('not a date');
  });
});

describe(describeOffset.name, () => {
  it.each([
    [10080, '7 days'],
    [1440, '1 day'],
    [120, '2 hours'],
    [60, '1 hour'],
    [90, '90 minutes'],
    [1, '1 minute'],
  ])('describes %i minutes as "%s"', (minutes, text) => {
    expect(describeOffset(minutes)).toBe(text);
  });
});

describe(defaultRecipients.name, () => {
  it('names the assignee and the coordinator', () => {
    expect(defaultRecipients(aCase())).toEqual(['assignee', 'coordinator']);
  });
  it('names one person once when they are assignee and coordinator', () => {
    expect(defaultRecipients(aCase({ coordinatorId: 'assignee' }))).toEqual(['assignee']);
  });
  it('falls back to the creator when the case has neither', () => {
    expect(defaultRecipients(aCase({ assigneeId: null, coordinatorId: null }))).toEqual(['creator']);
  });
  it('uses the coordinator alone when there is no assignee', () => {
    expect(defaultRecipients(aCase({ assigneeId: null }))).toEqual(['coordinator']);
  });
});

describe(planAutomaticReminders.name, () => {
  describe('appeal deadline', () => {
    it('creates one reminder per offset before a future deadline', () => {
      const p = plan(aCase());
      const deadline = deadlineInstant('2026-03-29');
      expect(p.create.map((r) => r.dueAt)).toEqual([
        minutesBefore(deadline, 7 * DAY),
        minutesBefore(deadline, 2 * DAY),
        minutesBefore(deadline, DAY),
      ]);
      expect(p.create.every((r) => r.kind === ReminderKind.AppealDeadline)).toBe(true);
      expect(p.create.map((r) => r.autoKey)).toEqual([
        'appeal_deadline:10080',
        'appeal_deadline:2880',
        'appeal_deadline:1440',
      ]);
      expect(p.update).toEqual([]);
      expect(p.cancel).toEqual([]);
    });

    it('addresses them to the assignee and coordinator', () => {
      expect(plan(aCase()).create[0].recipientIds).toEqual(['assignee', 'coordinator']);
    });

    it('names the case reference and the deadline in the message, nothing personal', () => {
      expect(plan(aCase()).create[0].message).toBe(
        'Appeal deadline for CL-2026-0001 is 2026-03-29 (in 7 days).',
      );
    });

    it('does not schedule offsets that are already in the past', () => {
      // deadline 2026-03-03 09:00: 7 d before is past, 2 d before is past (03-01 09:00), 1 d before is ahead
      const p = plan(aCase({ appealDeadline: '2026-03-03' }));
      expect(p.create.map((r) => r.autoKey)).toEqual(['appeal_deadline:1440']);
    });

    it('schedules nothing when the deadline itself has passed', () => {
      expect(isEmptyPlan(plan(aCase({ appealDeadline: '2026-02-01' })))).toBe(true);
    });

    it('treats an offset due exactly now as past', () => {
      const deadline = deadlineInstant('2026-03-29');
      const p = plan(aCase(), [], [], minutesBefore(deadline, DAY));
      expect(p.create).toEqual([]);
    });

    it('schedules nothing without a deadline', () => {
      expect(isEmptyPlan(plan(aCase({ appealDeadline: null })))).toBe(true);
    });

    it('leaves existing reminders alone when nothing changed', () => {
      const existing = scheduledFromPlan(aCase(), []);
      expect(isEmptyPlan(plan(aCase(), [], existing))).toBe(true);
    });

    it('moves them when the deadline moves (notifiedAt changed)', () => {
      const existing = scheduledFromPlan(aCase(), []);
      const p = plan(aCase({ appealDeadline: '2026-04-05' }), [], existing);
      expect(p.create).toEqual([]);
      expect(p.cancel).toEqual([]);
      expect(p.update.map((u) => [u.id, u.dueAt])).toEqual(
        existing.map((r) => [r.id, new Date(r.dueAt.getTime() + 7 * DAY * 60_000)]),
      );
      expect(p.update[0].message).toContain('2026-04-05');
    });

    it('cancels a reminder whose moved time has passed and keeps the others', () => {
      const existing = scheduledFromPlan(aCase(), []);
      // new deadline 2026-03-05 09:00: 7 d before has passed, 2 d and 1 d before are ahead
      const p = plan(aCase({ appealDeadline: '2026-03-05' }), [], existing);
      expect(p.cancel).toEqual([{ id: existing[0].id, reason: 'moved_to_past' }]);
      expect(p.update.map((u) => u.id)).toEqual([existing[1].id, existing[2].id]);
      expect(p.create).toEqual([]);
    });

    it('creates the offsets that became future when the deadline moved later', () => {
      const early = aCase({ appealDeadline: '2026-03-03' });
      const existing = scheduledFromPlan(early, []);
      expect(existing).toHaveLength(1);
      const p = plan(aCase(), [], existing);
      expect(p.create.map((r) => r.autoKey)).toEqual(['appeal_deadline:10080', 'appeal_deadline:2880']);
      expect(p.update.map((u) => u.id)).toEqual([existing[0].id]);
    });

    it('leaves an overdue, unchanged reminder to fire', () => {
      const existing = scheduledFromPlan(aCase(), []);
      const later = new Date(existing[0].dueAt.getTime() + 1000);
      expect(isEmptyPlan(plan(aCase(), [], existing, later))).toBe(true);
    });

    it.each(['pending', 'allowed', 'dismissed'])('cancels them once an appeal exists (%s)', (outcome) => {
      const existing = scheduledFromPlan(aCase(), []);
      const p = plan(aCase({ status: 'appeal_lodged' }), [anAppeal({ outcome })], existing);
      expect(p.cancel).toEqual(existing.map((r) => ({ id: r.id, reason: 'appeal_lodged' })));
      expect(p.create).toEqual([]);
    });

    it('keeps the appeal window open when the only appeal was withdrawn', () => {
      const existing = scheduledFromPlan(aCase(), []);
      expect(isEmptyPlan(plan(aCase(), [anAppeal({ outcome: 'withdrawn' })], existing))).toBe(true);
    });

    it('does not create them for a case that already has an appeal', () => {
      expect(plan(aCase(), [anAppeal()]).create).toEqual([]);
    });

    it('re-addresses them when the assignee changes', () => {
      const existing = scheduledFromPlan(aCase(), []);
      const p = plan(aCase({ assigneeId: 'someone-else' }), [], existing);
      expect(p.update).toHaveLength(3);
      expect(p.update[0].recipientIds).toEqual(['someone-else', 'coordinator']);
      expect(p.update[0].dueAt).toEqual(existing[0].dueAt);
    });

    it('is indifferent to the order of recipients', () => {
      const existing = scheduledFromPlan(aCase(), []).map((r) => ({
        ...r,
        recipientIds: [...r.recipientIds].reverse(),
      }));
      expect(isEmptyPlan(plan(aCase(), [], existing))).toBe(true);
    });

    it('cancels reminders for offsets no longer configured', () => {
      const existing = scheduledFromPlan(aCase(), []);
      const p = planAutomaticReminders({
        case: aCase(),
        appeals: [],
        reminders: existing,
        now,
        offsets: { ...offsets, appealDeadline: [DAY] },
      });
      expect(p.cancel).toEqual([
        { id: existing[0].id, reason: 'no_longer_applies' },
        { id: existing[1].id, reason: 'no_longer_applies' },
      ]);
    });

    it('cancels a duplicate scheduled reminder for the same offset', () => {
      const existing = scheduledFromPlan(aCase(), []);
      const dup = { ...existing[0], id: 'dup' };
      expect(plan(aCase(), [], [...existing, dup]).cancel).toEqual([
        { id: 'dup', reason: 'no_longer_applies' },
      ]);
    });
  });

  describe('hearings', () => {
    const hearingAt = new Date('2026-03-20T10:00:00Z');
    const lodged = aCase({ status: 'hearing_scheduled' });

    it('creates one reminder per hearing offset', () => {
      const p = plan(lodged, [anAppeal({ hearingAt })]);
      expect(p.create.map((r) => [r.kind, r.autoKey, r.dueAt])).toEqual([
        [ReminderKind.Hearing, 'hearing:appeal-1:2880', minutesBefore(hearingAt, 2 * DAY)],
        [ReminderKind.Hearing, 'hearing:appeal-1:120', minutesBefore(hearingAt, 120)],
      ]);
      expect(p.create[1].message).toBe(
        'Appeal hearing for CL-2026-0001 at 2026-03-20T10:00:00.000Z (in 2 hours).',
      );
    });

    it('creates none while the appeal has no hearing date', () => {
      expect(plan(lodged, [anAppeal()]).create).toEqual([]);
    });

    it('skips hearing offsets in the past', () => {
      const soon = new Date(now.getTime() + 3 * 3600_000);
      expect(plan(lodged, [anAppeal({ hearingAt: soon })]).create.map((r) => r.autoKey)).toEqual([
        'hearing:appeal-1:120',
      ]);
    });

    it('moves them with the hearing', () => {
      const existing = scheduledFromPlan(lodged, [anAppeal({ hearingAt })]);
      const later = new Date(hearingAt.getTime() + DAY * 60_000);
      const p = plan(lodged, [anAppeal({ hearingAt: later })], existing);
      expect(p.update.map((u) => [u.id, u.dueAt])).toEqual([
        [existing[0].id, minutesBefore(later, 2 * DAY)],
        [existing[1].id, minutesBefore(later, 120)],
      ]);
    });

    it('cancels them when the hearing date is removed', () => {
      const existing = scheduledFromPlan(lodged, [anAppeal({ hearingAt })]);
      expect(plan(lodged, [anAppeal()], existing).cancel.map((c) => c.reason)).toEqual([
        'no_longer_applies',
        'no_longer_applies',
      ]);
    });

    it.each([
      ['allowed', 'reinstated'],
      ['dismissed', 'upheld'],
      ['withdrawn', 'appeal_lodged'],
    ])('cancels them once the appeal is %s (case %s)', (outcome, status) => {
      const existing = scheduledFromPlan(lodged, [anAppeal({ hearingAt })]);
      const p = plan(aCase({ status }), [anAppeal({ hearingAt, outcome })], existing);
      expect(p.cancel).toEqual(existing.map((r) => ({ id: r.id, reason: 'decided' })));
      expect(p.create.filter((r) => r.kind === ReminderKind.Hearing)).toEqual([]);
    });

    it('keeps each appeal’s reminders apart', () => {
      const first = anAppeal({ id: 'a1', outcome: 'dismissed', hearingAt });
      const second = anAppeal({ id: 'a2', hearingAt: new Date('2026-04-20T10:00:00Z') });
      const existing = scheduledFromPlan(lodged, [anAppeal({ id: 'a1', hearingAt })]);
      const p = plan(aCase({ status: 'appeal_lodged' }), [first, second], existing);
      expect(p.cancel.map((c) => c.id)).toEqual(existing.map((r) => r.id));
      expect(p.create.map((r) => r.autoKey)).toEqual(['hearing:a2:2880', 'hearing:a2:120']);
    });
  });

  describe('closing and finishing', () => {
    const manual: PlanReminder = {
      id: 'manual',
      kind: ReminderKind.Custom,
      autoKey: null,
      dueAt: new Date('2026-03-10T10:00:00Z'),
      recipientIds: ['assignee'],
      message: 'Call the branch secretary',
      status: ReminderStatus.Scheduled,
    };

    it('closing cancels every scheduled reminder, manual ones included', () => {
      const existing = scheduledFromPlan(aCase(), []);
      const p = plan(aCase({ status: 'closed' }), [], [...existing, manual]);
      expect(p.cancel).toEqual([...existing, manual].map((r) => ({ id: r.id, reason: 'case_closed' })));
      expect(p.create).toEqual([]);
    });

    it('a closed case gets no automatic reminders', () => {
      expect(isEmptyPlan(plan(aCase({ status: 'closed' })))).toBe(true);
    });

    it('reinstatement cancels automatic reminders but keeps manual ones', () => {
      const hearingAt = new Date('2026-03-20T10:00:00Z');
      const existing = scheduledFromPlan(aCase({ status: 'hearing_scheduled' }), [anAppeal({ hearingAt })]);
      const p = plan(
        aCase({ status: 'reinstated' }),
        [anAppeal({ hearingAt, outcome: 'allowed' })],
        [...existing, manual],
      );
      expect(p.cancel.map((c) => c.id)).toEqual(existing.map((r) => r.id));
    });

    it('reopening recreates the reminders that are still ahead', () => {
      const p = plan(aCase({ status: 'gathering_evidence' }));
      expect(p.create).toHaveLength(3);
    });

    it('never touches reminders that are not scheduled', () => {
      const sent = scheduledFromPlan(aCase(), []).map((r) => ({ ...r, status: ReminderStatus.Sent }));
      const p = plan(aCase({ status: 'closed' }), [], sent);
      expect(p.cancel).toEqual([]);
    });

    it('ignores manual reminders while the case is open', () => {
      expect(isEmptyPlan(plan(aCase({ appealDeadline: null }), [], [manual]))).toBe(true);
    });
  });

  describe('every workflow status', () => {
    it.each([
      ['intake', 3],
      ['gathering_evidence', 3],
      ['appeal_lodged', 3],
      ['hearing_scheduled', 3],
      ['awaiting_decision', 3],
      ['upheld', 3],
      ['escalated', 3],
      ['closed', 0],
      ['reinstated', 0],
    ])('a %s case without appeals wants %i deadline reminders', (status, count) => {
      expect(plan(aCase({ status })).create).toHaveLength(count);
    });
  });

  it('builds keys that tell deadlines and each appeal apart', () => {
    expect(autoKey({ kind: 'appeal_deadline' }, 60)).toBe('appeal_deadline:60');
    expect(autoKey({ kind: 'hearing', appealId: 'x' }, 60)).toBe('hearing:x:60');
  });
});
