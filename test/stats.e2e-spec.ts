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

/** A group's numbers as the API gives them when nothing is withheld. */
const exact = (item: Record<string, unknown>) => ({ ...item, suppressed: false, withheld: {} });

describe('GET /api/stats/summary', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A threshold of 1 withholds nothing: these tests are about the figures (suppression below).
    t = await createTestApp({ env: { STATS_MIN_CELL: '1' } });
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

  const summary = async (query: string, agent = t.as.coordinator) => {
    const { body } = await agent.get(`/api/stats/summary?${query}`).expect(200);
    expect(body.minCell).toBe(agent === t.as.researcher ? 1 : null);
    return body.items;
  };

  it('groups by month of actionDate', async () => {
    expect(await summary('groupBy=month')).toEqual([
      exact({
        key: '2019-01',
        cases: 3,
        open: 1,
        reinstated: 1,
        upheld: 1,
        closed: 1,
        medianDaysToDecision: 20,
      }),
      exact({
        key: '2019-02',
        cases: 3,
        open: 2,
        reinstated: 1,
        upheld: 1,
        closed: 0,
        medianDaysToDecision: 25,
      }),
      exact({
        key: '2019-03',
        cases: 1,
        open: 1,
        reinstated: 0,
        upheld: 0,
        closed: 0,
        medianDaysToDecision: 7,
      }),
    ]);
  });

  it('groups by region', async () => {
    expect(await summary('groupBy=region')).toEqual([
      exact({
        key: 'North',
        cases: 3,
        open: 1,
        reinstated: 2,
        upheld: 1,
        closed: 0,
        medianDaysToDecision: 30,
      }),
      exact({
        key: 'Scotland',
        cases: 2,
        open: 2,
        reinstated: 0,
        upheld: 1,
        closed: 0,
        medianDaysToDecision: 13.5,
      }),
      exact({
        key: 'Wales',
        cases: 2,
        open: 1,
        reinstated: 0,
        upheld: 0,
        closed: 1,
        medianDaysToDecision: null,
      }),
    ]);
  });

  it('groups by action type', async () => {
    expect(await summary('groupBy=actionType')).toEqual([
      exact({
        key: 'auto_exclusion',
        cases: 1,
        open: 0,
        reinstated: 1,
        upheld: 0,
        closed: 0,
        medianDaysToDecision: 30,
      }),
      exact({
        key: 'expulsion',
        cases: 2,
        open: 2,
        reinstated: 0,
        upheld: 2,
        closed: 0,
        medianDaysToDecision: 15,
      }),
      exact({
        key: 'suspension',
        cases: 4,
        open: 2,
        reinstated: 1,
        upheld: 0,
        closed: 1,
        medianDaysToDecision: 18.5,
      }),
    ]);
  });

  it('groups by issuing body', async () => {
    expect(await summary('groupBy=issuingBody')).toEqual([
      exact({ key: 'NEC', cases: 5, open: 4, reinstated: 1, upheld: 2, closed: 0, medianDaysToDecision: 15 }),
      exact({
        key: 'Regional',
        cases: 2,
        open: 0,
        reinstated: 1,
        upheld: 0,
        closed: 1,
        medianDaysToDecision: 30,
      }),
    ]);
  });

  it('applies the case filters and from/to on actionDate', async () => {
    expect(await summary('groupBy=month&from=2019-02-01&to=2019-02-28')).toEqual([
      exact({
        key: '2019-02',
        cases: 3,
        open: 2,
        reinstated: 1,
        upheld: 1,
        closed: 0,
        medianDaysToDecision: 25,
      }),
    ]);
    expect(await summary('groupBy=region&status=upheld')).toEqual([
      exact({
        key: 'North',
        cases: 1,
        open: 1,
        reinstated: 0,
        upheld: 1,
        closed: 0,
        medianDaysToDecision: 10,
      }),
      exact({
        key: 'Scotland',
        cases: 1,
        open: 1,
        reinstated: 0,
        upheld: 1,
        closed: 0,
        medianDaysToDecision: 20,
      }),
    ]);
    expect(await summary('groupBy=month&actionType=suspension&region=Wales')).toEqual([
      exact({
        key: '2019-01',
        cases: 1,
        open: 0,
        reinstated: 0,
        upheld: 0,
        closed: 1,
        medianDaysToDecision: null,
      }),
      exact({
        key: '2019-02',
        cases: 1,
        open: 1,
        reinstated: 0,
        upheld: 0,
        closed: 0,
        medianDaysToDecision: null,
      }),
    ]);
    expect(
      await summary('groupBy=region&issuingBody=Regional&constituencyParty=Northtown%20CLP'),
    ).toHaveLength(2);
    expect(await summary('groupBy=region&region=Atlantis')).toEqual([]);
  });

  it("leaves out non-consenting members' cases for researchers", async () => {
    expect(await summary('groupBy=region&region=Scotland', t.as.researcher)).toEqual([
      exact({
        key: 'Scotland',
        cases: 1,
        open: 1,
        reinstated: 0,
        upheld: 0,
        closed: 0,
        medianDaysToDecision: 7,
      }),
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

describe('GET /api/stats/summary: small numbers', () => {
  let t: TestApp;
  // North: 12 cases (2 reinstated, 4 closed); South: 10 (5 reinstated); Wales: 3. No decisions.
  const GROUPS = [
    {
      region: 'North',
      statuses: [...Array(2).fill('reinstated'), ...Array(4).fill('closed'), ...Array(6).fill('intake')],
    },
    { region: 'South', statuses: [...Array(5).fill('reinstated'), ...Array(5).fill('intake')] },
    { region: 'Wales', statuses: Array(3).fill('intake') },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    for (const { region, statuses } of GROUPS) {
      for (const status of statuses) {
        await seedCase(t.db, t.users.caseworker.id, {
          region,
          status,
          actionDate: '2019-05-01',
          notifiedAt: '2019-05-02',
          consentToResearch: true,
        });
      }
    }
  });
  afterAll(() => t.close());

  it("withholds a researcher's small groups and counts (fewer than 5), and enough others that no sum gives them back", async () => {
    const { body } = await t.as.researcher.get('/api/stats/summary?groupBy=region').expect(200);
    expect(body.minCell).toBe(5);
    const small = {
      cases: 'small',
      open: 'small',
      reinstated: 'small',
      upheld: 'small',
      closed: 'small',
      medianDaysToDecision: 'small',
    };
    expect(body.items).toEqual([
      {
        key: 'North',
        cases: 12,
        open: 6,
        reinstated: null,
        upheld: null,
        closed: null,
        medianDaysToDecision: null,
        suppressed: true,
        withheld: { reinstated: 'small', closed: 'small', upheld: 'complementary' },
      },
      {
        key: 'South',
        cases: null,
        open: null,
        reinstated: null,
        upheld: 0,
        closed: 0,
        medianDaysToDecision: null,
        suppressed: true,
        withheld: { cases: 'complementary', open: 'complementary', reinstated: 'complementary' },
      },
      {
        key: 'Wales',
        cases: null,
        open: null,
        reinstated: null,
        upheld: null,
        closed: null,
        medianDaysToDecision: null,
        suppressed: true,
        withheld: small,
      },
    ]);
    // What a reader can add up: each group's cases = open + reinstated + closed, and each column's
    // total (another grouping may show it). No such sum holds exactly one withheld number.
    type Item = Record<string, number | null>;
    for (const item of body.items as Item[]) {
      const inRow = ['cases', 'open', 'reinstated', 'closed'].filter((f) => item[f] === null).length;
      expect(inRow === 0 || inRow >= 2).toBe(true);
    }
    for (const field of ['cases', 'open', 'reinstated', 'upheld', 'closed']) {
      const inColumn = (body.items as Item[]).filter((i) => i[field] === null).length;
      expect(inColumn === 0 || inColumn >= 2).toBe(true);
    }
    // One month holds all 25 cases, 4 of them closed: in a single group the numbers are the totals,
    // so the 4 and every number that would give it back are withheld.
    const month = (await t.as.researcher.get('/api/stats/summary?groupBy=month').expect(200)).body.items;
    expect(month).toEqual([
      expect.objectContaining({ key: '2019-05', cases: null, closed: null, suppressed: true }),
    ]);
  });

  it('gives a coordinator (and an admin) the exact figures: they may read every case by name anyway', async () => {
    for (const agent of [t.as.coordinator, t.as.admin]) {
      const { body } = await agent.get('/api/stats/summary?groupBy=region').expect(200);
      expect(body.minCell).toBeNull();
      expect(body.items).toEqual([
        expect.objectContaining({
          key: 'North',
          cases: 12,
          open: 6,
          reinstated: 2,
          closed: 4,
          suppressed: false,
          withheld: {},
        }),
        expect.objectContaining({
          key: 'South',
          cases: 10,
          open: 5,
          reinstated: 5,
          closed: 0,
          suppressed: false,
          withheld: {},
        }),
        expect.objectContaining({
          key: 'Wales',
          cases: 3,
          open: 3,
          reinstated: 0,
          closed: 0,
          suppressed: false,
          withheld: {},
        }),
      ]);
    }
  });

  it('follows STATS_MIN_CELL', async () => {
    await t.restart({ STATS_MIN_CELL: '3' });
    const { body } = await t.as.researcher.get('/api/stats/summary?groupBy=region').expect(200);
    expect(body.minCell).toBe(3);
    // Only North's 2 reinstated are fewer than 3 now; Wales's 3 cases are not.
    const small = body.items.flatMap((i: { key: string; withheld: Record<string, string> }) =>
      Object.entries(i.withheld)
        .filter(([, reason]) => reason === 'small')
        .map(([field]) => `${i.key}.${field}`),
    );
    expect(small).toEqual(['North.reinstated']);
  });
});
