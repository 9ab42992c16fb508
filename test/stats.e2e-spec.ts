import { seedCase } from './factories/seed';
import { seedTransition } from './factories/timeline';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * Seven cases whose figures were worked out by hand (see the comments). Decision date = the
 * first transition into reinstated or upheld; days are counted from notifiedAt to that date.
 */
const CASES = [
  // 1: notified 12 Jan, reinstated 11 Feb → 30 days
  {
    n: 1,
    actionDate: '2019-01-10',
    notifiedAt: '2019-01-12',
    region: 'North',
    actionType: 'suspension',
    issuingBody: 'NEC',
    status: 'reinstated',
    decisions: [['reinstated', '2019-02-11']],
  },
  // 2: notified 21 Jan, upheld 31 Jan → 10 days
  {
    n: 2,
    actionDate: '2019-01-20',
    notifiedAt: '2019-01-21',
    region: 'North',
    actionType: 'expulsion',
    issuingBody: 'NEC',
    status: 'upheld',
    decisions: [['upheld', '2019-01-31']],
  },
  // 3: closed without decision
  {
    n: 3,
    actionDate: '2019-01-25',
    notifiedAt: '2019-01-25',
    region: 'Wales',
    actionType: 'suspension',
    issuingBody: 'Regional',
    status: 'closed',
    decisions: [],
  },
  // 4: still at intake
  {
    n: 4,
    actionDate: '2019-02-03',
    notifiedAt: '2019-02-04',
    region: 'Wales',
    actionType: 'suspension',
    issuingBody: 'NEC',
    status: 'intake',
    decisions: [],
  },
  // 5: notified 15 Feb, first decision upheld 17 Mar → 30 days (later reinstated 16 May: not counted)
  {
    n: 5,
    actionDate: '2019-02-14',
    notifiedAt: '2019-02-15',
    region: 'North',
    actionType: 'auto_exclusion',
    issuingBody: 'Regional',
    status: 'reinstated',
    decisions: [
      ['upheld', '2019-03-17'],
      ['reinstated', '2019-05-16'],
    ],
  },
  // 6: notified 1 Mar, upheld 21 Mar → 20 days; member did NOT consent to research
  {
    n: 6,
    actionDate: '2019-02-28',
    notifiedAt: '2019-03-01',
    region: 'Scotland',
    actionType: 'expulsion',
    issuingBody: 'NEC',
    status: 'upheld',
    decisions: [['upheld', '2019-03-21']],
    consent: false,
  },
  // 7: notified 5 Mar, upheld 12 Mar → 7 days, then escalated (open)
  {
    n: 7,
    actionDate: '2019-03-05',
    notifiedAt: '2019-03-05',
    region: 'Scotland',
    actionType: 'suspension',
    issuingBody: 'NEC',
    status: 'escalated',
    decisions: [['upheld', '2019-03-12']],
  },
] as const;

describe('GET /api/stats/summary', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    for (const c of CASES) {
      const seeded = await seedCase(t.db, t.users.caseworker.id, {
        actionDate: c.actionDate,
        notifiedAt: c.notifiedAt,
        region: c.region,
        actionType: c.actionType,
        issuingBody: c.issuingBody,
        status: c.status,
        consentToResearch: 'consent' in c ? c.consent : true,
      });
      for (const [to, date] of c.decisions) {
        await seedTransition(
          t.db,
          seeded.caseId,
          t.users.caseworker.id,
          'awaiting_decision',
          to,
          new Date(`${date}T12:00:00Z`),
        );
      }
    }
  });
  afterAll(() => t.close());

  const summary = async (query: string, agent = t.as.coordinator) =>
    (await agent.get(`/api/stats/summary?${query}`).expect(200)).body.items;

  it('groups by month of actionDate', async () => {
    expect(await summary('groupBy=month')).toEqual([
      { key: '2019-01', cases: 3, open: 1, reinstated: 1, upheld: 1, closed: 1, medianDaysToDecision: 20 },
      { key: '2019-02', cases: 3, open: 2, reinstated: 1, upheld: 1, closed: 0, medianDaysToDecision: 25 },
      { key: '2019-03', cases: 1, open: 1, reinstated: 0, upheld: 0, closed: 0, medianDaysToDecision: 7 },
    ]);
  });

  it('groups by region', async () => {
    expect(await summary('groupBy=region')).toEqual([
      { key: 'North', cases: 3, open: 1, reinstated: 2, upheld: 1, closed: 0, medianDaysToDecision: 30 },
      { key: 'Scotland', cases: 2, open: 2, reinstated: 0, upheld: 1, closed: 0, medianDaysToDecision: 13.5 },
      { key: 'Wales', cases: 2, open: 1, reinstated: 0, upheld: 0, closed: 1, medianDaysToDecision: null },
    ]);
  });

  it('groups by action type', async () => {
    expect(await summary('groupBy=actionType')).toEqual([
      {
        key: 'auto_exclusion',
        cases: 1,
        open: 0,
        reinstated: 1,
        upheld: 0,
        closed: 0,
        medianDaysToDecision: 30,
      },
      { key: 'expulsion', cases: 2, open: 2, reinstated: 0, upheld: 2, closed: 0, medianDaysToDecision: 15 },
      {
        key: 'suspension',
        cases: 4,
        open: 2,
        reinstated: 1,
        upheld: 0,
        closed: 1,
        medianDaysToDecision: 18.5,
      },
    ]);
  });

  it('groups by issuing body', async () => {
    expect(await summary('groupBy=issuingBody')).toEqual([
      { key: 'NEC', cases: 5, open: 4, reinstated: 1, upheld: 2, closed: 0, medianDaysToDecision: 15 },
      { key: 'Regional', cases: 2, open: 0, reinstated: 1, upheld: 0, closed: 1, medianDaysToDecision: 30 },
    ]);
  });

  it('applies the case filters and from/to on actionDate', async () => {
    expect(await summary('groupBy=month&from=2019-02-01&to=2019-02-28')).toEqual([
      { key: '2019-02', cases: 3, open: 2, reinstated: 1, upheld: 1, closed: 0, medianDaysToDecision: 25 },
    ]);
    expect(await summary('groupBy=region&status=upheld')).toEqual([
      { key: 'North', cases: 1, open: 1, reinstated: 0, upheld: 1, closed: 0, medianDaysToDecision: 10 },
      { key: 'Scotland', cases: 1, open: 1, reinstated: 0, upheld: 1, closed: 0, medianDaysToDecision: 20 },
    ]);
    expect(await summary('groupBy=month&actionType=suspension&region=Wales')).toEqual([
      { key: '2019-01', cases: 1, open: 0, reinstated: 0, upheld: 0, closed: 1, medianDaysToDecision: null },
      { key: '2019-02', cases: 1, open: 1, reinstated: 0, upheld: 0, closed: 0, medianDaysToDecision: null },
    ]);
    expect(
      await summary('groupBy=region&issuingBody=Regional&constituencyParty=Northtown%20CLP'),
    ).toHaveLength(2);
    expect(await summary('groupBy=region&region=Atlantis')).toEqual([]);
  });

  it("leaves out non-consenting members' cases for researchers", async () => {
    expect(await summary('groupBy=region&region=Scotland', t.as.researcher)).toEqual([
      { key: 'Scotland', cases: 1, open: 1, reinstated: 0, upheld: 0, closed: 0, medianDaysToDecision: 7 },
    ]);
  });

  it('validates groupBy and filters and is closed to caseworkers', async () => {
    await t.as.coordinator.get('/api/stats/summary?groupBy=colour').expect(400);
    await t.as.coordinator.get('/api/stats/summary').expect(400);
    await t.as.coordinator.get('/api/stats/summary?groupBy=month&from=2019-13-01').expect(400);
    await t.as.coordinator.get('/api/stats/summary?groupBy=month&status=lost').expect(400);
    await t.as.caseworker.get('/api/stats/summary?groupBy=month').expect(403);
    await t.as.admin.get('/api/stats/summary?groupBy=month').expect(200);
  });
});
