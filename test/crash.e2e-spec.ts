import { randomInt } from 'node:crypto';
import { intakePayload } from './factories/case-payloads';
import { notificationsOf, reminderBody, reminderRow } from './factories/reminders';
import { seedCase } from './factories/seed';
import { openDb } from './helpers/db';
import { createTestApp, TestApp } from './helpers/test-app';
import { waitFor } from './helpers/wait';

/**
 * The crash and outage story: the server is SIGKILLed (nothing runs on the way out, as after a
 * power cut or the OOM killer) and started again on the same data, and Redis loses every job.
 * Nothing acknowledged may be lost, nothing may be done twice, and the record stays whole.
 */
jest.setTimeout(180_000);

type Outcome =
  | { membershipNumber: string; kind: 'acknowledged'; id: string; reference: string }
  | { membershipNumber: string; kind: 'answered'; status: number; body: unknown }
  | { membershipNumber: string; kind: 'unanswered'; error: string };

/** Concurrent clients of a burst, each sending one intake after another. */
const CLIENTS = 12;
const ROUNDS = 3;

describe('SIGKILL during a burst of intakes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  /**
   * Intakes from CLIENTS clients until `acknowledgedBefore` of them have been answered 201, then
   * the server is killed while the others are in flight. Resolves once every client has stopped.
   */
  async function burstUntilKilled(acknowledgedBefore: number): Promise<Outcome[]> {
    const agent = t.as.caseworker;
    const outcomes: Outcome[] = [];
    let acknowledged = 0;
    let killed: Promise<void> | undefined;
    const client = async () => {
      while (!killed) {
        const payload = intakePayload();
        const membershipNumber = payload.member.membershipNumber!;
        try {
          const res = await agent.post('/api/cases').send(payload);
          if (res.status === 201) {
            outcomes.push({
              membershipNumber,
              kind: 'acknowledged',
              id: res.body.id,
              reference: res.body.reference,
            });
            if (++acknowledged >= acknowledgedBefore) killed ??= t.server.kill();
          } else {
            outcomes.push({ membershipNumber, kind: 'answered', status: res.status, body: res.body });
          }
        } catch (e) {
          outcomes.push({ membershipNumber, kind: 'unanswered', error: (e as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    await killed;
    return outcomes;
  }

  it('keeps every acknowledged intake, takes each reference once and in order, and leaves the record whole', async () => {
    const outcomes: Outcome[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const sent = await burstUntilKilled(20 + randomInt(30));
      outcomes.push(...sent);
      const cutOff = sent.filter((o) => o.kind === 'unanswered').length;
      process.stdout.write(
        `round ${round + 1}: ${sent.length} intakes sent, ${cutOff} cut off by the kill\n`,
      );
      await t.restart(); // the killed process is gone: this only starts it again, on the same data and env
    }

    // Every intake was either acknowledged or cut off by the kill: a live server refused none.
    expect(outcomes.filter((o) => o.kind === 'answered')).toEqual([]);
    const acknowledged = outcomes.filter((o) => o.kind === 'acknowledged');
    const unanswered = new Set(
      outcomes.filter((o) => o.kind === 'unanswered').map((o) => o.membershipNumber),
    );
    expect(unanswered.size).toBeGreaterThan(0); // the kills did land during the bursts

    const stored = await t.db.query<{ id: string; reference: string; membership_number: string }>(
      `SELECT c.id, c.reference, m.membership_number FROM cases c JOIN members m ON m.id = c.member_id`,
    );
    const byNumber = new Map(stored.map((row) => [row.membership_number, row]));
    // Acknowledged: stored, exactly as answered.
    for (const a of acknowledged) {
      expect({ sent: a.membershipNumber, stored: byNumber.get(a.membershipNumber) }).toEqual({
        sent: a.membershipNumber,
        stored: { id: a.id, reference: a.reference, membership_number: a.membershipNumber },
      });
    }
    // Anything else stored is an intake the kill cut off after its commit: nothing from nowhere.
    const acknowledgedNumbers = new Set(acknowledged.map((a) => a.membershipNumber));
    const extra = stored.filter((row) => !acknowledgedNumbers.has(row.membership_number));
    expect(extra.filter((row) => !unanswered.has(row.membership_number))).toEqual([]);
    expect(stored).toHaveLength(acknowledged.length + extra.length);
    process.stdout.write(
      `${outcomes.length} intakes: ${acknowledged.length} acknowledged, ${unanswered.size} cut off ` +
        `(${extra.length} of them committed before the kill)\n`,
    );

    // References: each taken once, and none skipped (the counter commits with its case).
    const perYear = new Map<string, number[]>();
    for (const { reference } of stored) {
      const [, year, sequence] = /^CL-(\d{4})-(\d+)$/.exec(reference) ?? [reference, reference, 'NaN'];
      perYear.set(year, [...(perYear.get(year) ?? []), Number(sequence)]);
    }
    for (const [year, sequences] of perYear) {
      expect({ year, sequences: sequences.sort((a, b) => a - b) }).toEqual({
        year,
        sequences: sequences.map((_, i) => i + 1),
      });
    }

    // An intake is all or nothing: no member without its case, no case without its audit entry.
    const [{ n: members }] = await t.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM members');
    expect(Number(members)).toBe(stored.length);
    const audited = await t.db.query<{ entity_id: string }>(
      `SELECT entity_id FROM audit_entries WHERE action = 'case.create'`,
    );
    expect(audited.map((a) => a.entity_id).sort()).toEqual(stored.map((row) => row.id).sort());

    // The audit chain is whole, through every crash.
    const [{ n: entries }] = await t.db.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM audit_entries',
    );
    expect((await t.as.admin.get('/api/audit/verify').expect(200)).body).toMatchObject({
      ok: true,
      entries: Number(entries),
      firstBrokenId: null,
      log: { ok: true, problems: [] },
    });

    // The server still takes intakes after the last crash.
    await t.as.caseworker.post('/api/cases').send(intakePayload()).expect(201);

    if (t.db.kind === 'sqlite') {
      await t.server.stop();
      const file = await openDb(t.env.DATABASE_URL);
      try {
        expect(await file.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(await file.query('PRAGMA foreign_key_check')).toEqual([]);
      } finally {
        await file.close();
      }
    }
  });
});

describe('reminders due while Redis is flushed and the server is killed', () => {
  const REMINDERS = 40;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RECONCILE_INTERVAL_MS: '1000' } });
  });
  afterAll(() => t?.close());

  const sentCount = async (ids: string[]) =>
    (await Promise.all(ids.map((id) => reminderRow(t.db, id)))).filter((r) => r.status === 'sent').length;

  it('delivers each exactly once', async () => {
    const recipients = [t.users.caseworker.id, t.users.coordinator.id].sort();
    const { caseId } = await seedCase(t.db, t.users.caseworker.id, {
      assigneeId: t.users.caseworker.id,
      coordinatorId: t.users.coordinator.id,
    });
    const ids: string[] = [];
    for (let i = 0; i < REMINDERS; i++) {
      const res = await t.as.caseworker
        .post(`/api/cases/${caseId}/reminders`)
        .send(reminderBody(1500 + i * 100, { channels: ['inapp'], message: `reminder ${i}` }))
        .expect(201);
      ids.push(res.body.id);
    }
    // Redis loses every job; the reminders are only in the database now.
    await t.redis.flushdb();
    // Kill once delivery has resumed, with (on any but a very slow machine) reminders still to go.
    await waitFor(async () => (await sentCount(ids)) > 0, 'a first reminder sent after the flush', 30_000);
    await t.server.kill();
    const sentBeforeKill = await sentCount(ids);
    // The killed process's jobs (active and delayed) go too.
    await t.redis.flushdb();
    await t.restart();
    process.stdout.write(`${sentBeforeKill} of ${REMINDERS} reminders sent before the kill\n`);

    await waitFor(async () => (await sentCount(ids)) === REMINDERS, 'every reminder sent', 60_000);

    // Once more, after everything was delivered: a restart must not deliver anything again. A
    // reminder made after it is sent, so the new process's start-up reconciliation has run.
    await t.server.kill();
    await t.restart();
    const probe = await t.as.caseworker
      .post(`/api/cases/${caseId}/reminders`)
      .send(reminderBody(500, { channels: ['inapp'] }))
      .expect(201);
    await waitFor(
      async () => (await reminderRow(t.db, probe.body.id)).status === 'sent',
      'probe sent',
      30_000,
    );

    for (const id of ids) {
      const delivered = (await notificationsOf(t.db, id)).map((n) => n.user_id).sort();
      expect({ id, delivered }).toEqual({ id, delivered: recipients });
    }
  });
});
