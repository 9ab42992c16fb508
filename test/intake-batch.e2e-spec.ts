import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDb, TestDb } from './helpers/db';
import { freshDatabaseUrl } from './helpers/test-app';

/* Loose JSON from the harness. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Outcome = { ok: true; value: any } | { ok: false; error: { message: string; response: any } };

/**
 * Intakes that arrive together are written together (one statement per table for the batch):
 * each must still come out exactly as if the batch's intakes had been taken one after another.
 * HTTP cannot choose which intakes share a batch, so these tests hand batches to the built
 * CaseIntake directly (test/helpers/intake-harness.js), on a fresh database of the suite's kind.
 */
/** The harness on a fresh database, with a caseworker and a deactivated one. */
async function boot() {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-intake-batch-'));
  const database = await freshDatabaseUrl(dir);
  const harness: ChildProcess = spawn(process.execPath, [join(__dirname, 'helpers', 'intake-harness.js')], {
    env: { PATH: process.env.PATH, DATABASE_URL: database.url, NODE_ENV: 'test' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  await new Promise<void>((resolve, reject) => {
    harness.once('exit', (code) => reject(new Error(`intake harness exited (${code})`)));
    createInterface({ input: harness.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: boolean; id?: number; result?: unknown; error?: string };
      if (message.ready) return resolve();
      const pending = waiting.get(message.id!);
      waiting.delete(message.id!);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.result);
    });
  });
  const call = <T>(op: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      harness.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  const db = await openDb(database.url);
  const user = async (role: string, active: boolean) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO users (id, email, full_name, role, password_hash, active, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'x', ?, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      [id, `${id}@caseline.test`, `A ${role}`, role, active],
    );
    return id;
  };
  return {
    call,
    db,
    caseworker: await user('caseworker', true),
    retired: await user('caseworker', false),
    close: async () => {
      harness.stdin!.end();
      await new Promise((resolve) =>
        harness.exitCode !== null ? resolve(null) : harness.once('exit', resolve),
      );
      await db.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
type Harness = Awaited<ReturnType<typeof boot>>;

describe('intake batches', () => {
  let h: Harness;
  let db: TestDb;
  beforeEach(async () => {
    h = await boot();
    db = h.db;
  });
  afterEach(() => h.close());

  let seq = 0;
  const request = (member: Record<string, unknown>, fields: Record<string, unknown> = {}, on = h) => {
    seq++;
    return {
      userId: on.caseworker,
      requestId: `batch-request-${seq}`,
      clientAddress: `10.0.0.${seq % 250}`,
      dto: {
        actionType: 'suspension',
        actionDate: '2019-03-01',
        notifiedAt: '2019-03-04',
        ...('memberId' in member ? member : { member: { fullName: 'Someone', ...member } }),
        ...fields,
      },
    };
  };
  type Request = ReturnType<typeof request>;
  const asOneBatch = (requests: Request[], on = h) => on.call<Outcome[]>('batch', { requests });
  const oneByOne = async (requests: Request[], on = h) => {
    const outcomes: Outcome[] = [];
    for (const r of requests) outcomes.push(...(await asOneBatch([r], on)));
    return outcomes;
  };
  const values = (outcomes: Outcome[]) =>
    outcomes.map((o) => {
      if (!o.ok) throw new Error(`refused: ${JSON.stringify(o.error)}`);
      return o.value;
    });
  const count = async (table: string, on = h) =>
    Number((await on.db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it('links a membership number seen earlier in the batch to the member that intake created', async () => {
    const [first, second, third] = values(
      await asOneBatch([
        request({ membershipNumber: 'B-1', fullName: 'First Name' }),
        request({ membershipNumber: ' b-1 ', fullName: 'Other Name', email: 'x@example.org' }),
        request({ membershipNumber: 'B-1' }),
      ]),
    );
    expect(second.memberId).toBe(first.memberId);
    expect(third.memberId).toBe(first.memberId);
    expect(second.member.fullName).toBe('First Name'); // never overwritten by intake data
    expect(await count('members')).toBe(1);
    // Each sees the cases opened before it, in order, as open cases of its member.
    expect(first.possibleDuplicates).toEqual([]);
    expect(second.possibleDuplicates).toEqual([
      {
        kind: 'open_case',
        caseId: first.id,
        reference: first.reference,
        status: 'intake',
        reasons: ['same_member'],
      },
    ]);
    expect(third.possibleDuplicates.map((d: { caseId: string }) => d.caseId)).toEqual([first.id, second.id]);
    const numbers = [first, second, third].map((c) => Number(c.reference.split('-')[2]));
    expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2]);
  });

  it('comes out as the same intakes taken one by one: members, links, hints and audit details', async () => {
    // The same history on two fresh databases: once with the scenario as one batch, once one by one.
    const other = await boot();
    try {
      const [batched, sequential] = await Promise.all(
        [
          { on: h, write: asOneBatch },
          { on: other, write: oneByOne },
        ].map(async ({ on, write }) => {
          // Stored before: a member the batch links to by number, and one it may duplicate by email.
          const stored = values(
            await oneByOne(
              [
                request(
                  { membershipNumber: 'S-1', fullName: 'Stored One', constituencyParty: 'North CLP' },
                  {},
                  on,
                ),
                request({ fullName: 'Stored Two', email: 'two@example.org' }, {}, on),
              ],
              on,
            ),
          );
          const scenario = [
            request({ fullName: 'Ann New', email: 'two@example.org', phone: '07700 900001' }, {}, on),
            request({ membershipNumber: 's-1', fullName: 'Renamed' }, {}, on),
            request({ fullName: 'stored one', constituencyParty: 'north clp' }, {}, on),
            request({ fullName: 'Phone Twin', phone: '07700900001' }, {}, on),
            request({ memberId: stored[1].memberId }, {}, on),
            request(
              { membershipNumber: 'N-9', fullName: 'Nina New', constituencyParty: 'South CLP' },
              {},
              on,
            ),
            request({ membershipNumber: 'N-9' }, {}, on),
            request(
              { fullName: 'Nina New', constituencyParty: 'South CLP', email: 'nina@example.org' },
              {},
              on,
            ),
            request({ memberId: stored[0].memberId }, {}, on),
          ];
          return shape(on, stored, values(await write(scenario, on)));
        }),
      );
      expect(batched).toEqual(sequential);
      // And it is what intake means, not the same mistake twice.
      expect(batched[1]).toMatchObject({ member: 'stored-member-0', name: 'Stored One' });
      expect(batched[6]).toMatchObject({
        member: 'member-of-5',
        audit: { linkedByMembershipNumber: true, memberCreated: false },
      });
      expect(batched[0].hints).toEqual([['stored-member-1', ['same_email']]]);
      expect(batched[3].hints).toEqual([['member-of-0', ['same_phone']]]);
      expect(batched[4].hints).toEqual([
        ['member-of-0', ['same_email']],
        ['stored-case-1', 'intake'],
      ]);
      expect(batched[7].hints).toEqual([['member-of-5', ['same_name', 'same_constituency']]]);
      expect(batched[8].hints).toEqual([
        ['member-of-2', ['same_name', 'same_constituency']],
        ['stored-case-0', 'intake'],
        ['case-1', 'intake'],
      ]);
    } finally {
      await other.close();
    }
  });

  /** What intakes came out as, with ids and references replaced by what they point at. */
  async function shape(on: Harness, stored: any[], results: any[]) {
    const label = new Map<string, string>();
    stored.forEach((c, i) => {
      label.set(c.memberId, `stored-member-${i}`);
      label.set(c.id, `stored-case-${i}`);
    });
    results.forEach((c, i) => {
      if (!label.has(c.memberId)) label.set(c.memberId, `member-of-${i}`);
      label.set(c.id, `case-${i}`);
    });
    const details = await on.db.query<{ details: unknown }>(
      `SELECT details FROM audit_entries WHERE action = 'case.create' ORDER BY id DESC LIMIT ${results.length}`,
    );
    return results.map((c, i) => {
      const raw = details[results.length - 1 - i].details;
      const audit = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
      return {
        member: label.get(c.memberId),
        name: c.member.fullName,
        hints: c.possibleDuplicates.map((d: any) =>
          d.kind === 'member' ? [label.get(d.memberId), d.reasons] : [label.get(d.caseId), d.status],
        ),
        audit: { ...audit, memberId: label.get(audit.memberId as string), reference: undefined },
      };
    });
  }

  it('refuses an intake alone (nothing written for it) and writes the rest of its batch', async () => {
    const outcomes = await asOneBatch([
      request({ membershipNumber: 'R-1' }),
      request({ membershipNumber: 'R-2' }, { assigneeId: h.retired }),
      request({ memberId: randomUUID() }),
      request({ membershipNumber: 'R-3' }),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
    expect(
      outcomes.filter((o) => !o.ok).map((o) => (o as { error: { response: unknown } }).error.response),
    ).toEqual([
      expect.objectContaining({ statusCode: 400, message: ['assigneeId must be an active caseworker'] }),
      expect.objectContaining({ statusCode: 400, message: ['memberId does not match any member'] }),
    ]);
    expect(await count('cases')).toBe(2);
    expect(await count('timeline_events')).toBe(4);
    const numbers = await db.query<{ n: string }>('SELECT membership_number AS n FROM members ORDER BY 1');
    expect(numbers.map((r) => r.n)).toEqual(['R-1', 'R-3']);
    const references = await db.query<{ reference: string }>('SELECT reference FROM cases ORDER BY 1');
    expect(references.map((r) => Number(r.reference.split('-')[2]))).toEqual([1, 2]); // none taken for the refused
  });

  it("records each intake's audit entries under its own actor, request and address, the chain intact", async () => {
    const requests = [request({ membershipNumber: 'A-1' }), request({ membershipNumber: 'A-1' })];
    const [first, second] = values(await asOneBatch(requests));
    const entries = await db.query(
      'SELECT action, entity_id, actor_id, request_id, client_address FROM audit_entries ORDER BY id',
    );
    const by = (r: Request) => ({
      actor_id: h.caseworker,
      request_id: r.requestId,
      client_address: r.clientAddress,
    });
    expect(entries).toEqual([
      { action: 'member.create', entity_id: first.memberId, ...by(requests[0]) },
      { action: 'case.create', entity_id: first.id, ...by(requests[0]) },
      { action: 'case.create', entity_id: second.id, ...by(requests[1]) },
    ]);
    expect(await h.call('verify')).toMatchObject({ ok: true, entries: 3 });
  });

  it('leaves nothing of a batch behind when one of its statements fails', async () => {
    // The members are written, then the cases' INSERT fails (as a constraint broken by a
    // concurrent writer would make it): the batch's unit of work is rolled back whole.
    if (db.kind === 'sqlite') {
      await db.query(
        `CREATE TRIGGER refuse_cases BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'cases refused'); END`,
      );
    } else {
      await db.query(
        `CREATE FUNCTION refuse_cases() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'cases refused'; END $$ LANGUAGE plpgsql`,
      );
      await db.query(
        'CREATE TRIGGER refuse_cases BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_cases()',
      );
    }
    await expect(
      asOneBatch([request({ membershipNumber: 'F-1' }), request({ membershipNumber: 'F-2' })]),
    ).rejects.toThrow(/cases refused/);
    expect(await count('members')).toBe(0);
    expect(await count('cases')).toBe(0);
    expect(await count('audit_entries')).toBe(0);
    expect(await count('case_reference_counters')).toBe(0);
  });
});
