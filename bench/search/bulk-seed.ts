import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { ADMIN_EMAIL, ADMIN_PASSWORD, App, bootApp } from '../intake/support';
import { DemoBatch, DemoGenerator, DemoMember } from '../../src/cli/demo-data';
import { memberKeys } from '../../src/members/matching/member-matcher';

/**
 * Writes `count` demo cases (members, cases, appeals, transitions, events) straight into a migrated
 * SQLite file with prepared statements: the same generator as `npm run seed:demo`, ~20x faster
 * than going through TypeORM, so that a 100,000-case benchmark starts in reasonable time.
 */
export async function bulkSeed(dbPath: string, count: number, createdBy: string): Promise<void> {
  const db = new sqlite3.Database(dbPath);
  const exec = (sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
  const prepare = (sql: string) => db.prepare(sql);
  const runStmt = (stmt: sqlite3.Statement, params: unknown[]) =>
    new Promise<void>((resolve, reject) =>
      stmt.run(params, (e: Error | null) => (e ? reject(e) : resolve())),
    );
  await exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
  const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
  const now = ts(new Date());
  const member = prepare(MEMBER_INSERT);
  const kase = prepare(
    `INSERT INTO cases (id, reference, member_id, action_type, action_date, notified_at, appeal_deadline, issuing_body,
      external_reference, allegations, summary, priority, tags, assignee_id, coordinator_id, created_by, status, version,
      created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
  );
  const appeal = prepare(
    `INSERT INTO appeals (id, case_id, lodged_at, body, grounds, hearing_at, outcome, decided_at, created_by, version,
      created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,1,?,?)`,
  );
  const transition = prepare(
    `INSERT INTO case_transitions (id, case_id, from_status, to_status, actor_id, occurred_at, recorded_at, reason, note)
     VALUES (?,?,?,?,?,?,?,?,?)`,
  );
  const event = prepare(
    `INSERT INTO timeline_events (id, case_id, type, occurred_at, precision, title, description, source, evidence_ids,
      recorded_at, recorded_by, supersedes, superseded_by) VALUES (?,?,?,?,?,?,?,?,'[]',?,?,NULL,NULL)`,
  );
  const generator = new DemoGenerator({ caseworkers: [], coordinators: [] }, createdBy, 7);
  const write = async (b: DemoBatch) => {
    await exec('BEGIN');
    for (const m of b.members) await runStmt(member, memberRow(m, now));
    for (const c of b.cases)
      await runStmt(kase, [
        c.id,
        c.reference,
        c.memberId,
        c.actionType,
        c.actionDate,
        c.notifiedAt,
        c.appealDeadline,
        c.issuingBody,
        c.externalReference,
        JSON.stringify(c.allegations),
        c.summary,
        c.priority,
        JSON.stringify(c.tags),
        c.assigneeId,
        c.coordinatorId,
        c.createdBy,
        c.status,
        now,
        now,
      ]);
    for (const a of b.appeals)
      await runStmt(appeal, [
        a.id,
        a.caseId,
        a.lodgedAt,
        a.body,
        a.grounds,
        a.hearingAt ? ts(a.hearingAt) : null,
        a.outcome,
        a.decidedAt,
        a.createdBy,
        now,
        now,
      ]);
    for (const t of b.transitions)
      await runStmt(transition, [
        t.id,
        t.caseId,
        t.from,
        t.to,
        t.actorId,
        ts(t.occurredAt),
        now,
        t.reason,
        t.note,
      ]);
    for (const e of b.events)
      await runStmt(event, [
        e.id,
        e.caseId,
        e.type,
        ts(e.occurredAt),
        e.precision,
        e.title,
        e.description,
        e.source,
        now,
        e.recordedBy,
      ]);
    await exec('COMMIT');
  };
  for (let done = 0; done < count; done += 5000)
    await write(generator.generate(Math.min(5000, count - done)));
  const counters = generator.lastNumbers;
  for (const [year, n] of counters) {
    await exec(`INSERT INTO case_reference_counters (year, last_number) VALUES (${year}, ${n})
      ON CONFLICT (year) DO UPDATE SET last_number = ${n}`);
  }
  await exec('ANALYZE');
  for (const s of [member, kase, appeal, transition, event]) s.finalize();
  await new Promise<void>((resolve) => db.close(() => resolve()));
}

/** Members as the app stores them, with the keys the member matcher looks them up by. */
const MEMBER_INSERT = `INSERT INTO members (id, full_name, normalised_name, name_key, match_key, phone_key, membership_number,
  email, phone, constituency_party, region, consent_to_contact, consent_to_research, version, created_at, updated_at)
  VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`;

function memberRow(m: DemoMember, now: string): unknown[] {
  const keys = memberKeys(m.fullName, m.phone);
  return [
    m.id,
    m.fullName,
    m.normalisedName,
    keys.nameKey,
    keys.matchKey,
    keys.phoneKey,
    m.membershipNumber,
    m.email,
    m.phone,
    m.constituencyParty,
    m.region,
    m.consentToContact ? 1 : 0,
    m.consentToResearch ? 1 : 0,
    now,
    now,
  ];
}

/** Adds members without cases (demo people, another seed) until the database holds `total`; returns how many there are. */
export async function topUpMembers(dbPath: string, total: number): Promise<number> {
  const db = new sqlite3.Database(dbPath);
  const all = (sql: string, params: unknown[] = []) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) =>
      db.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as Record<string, unknown>[]))),
    );
  const [{ n }] = await all('SELECT COUNT(*) AS n FROM members');
  let count = Number(n);
  if (count < total) {
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    const generator = new DemoGenerator({ caseworkers: [], coordinators: [] }, 'bench', 11);
    await all('BEGIN');
    const stmt = db.prepare(MEMBER_INSERT);
    while (count < total) {
      for (const m of generator.generate(Math.min(2000, total - count)).members) {
        if (count >= total) break;
        await new Promise<void>((resolve, reject) =>
          stmt.run(
            memberRow({ ...m, membershipNumber: m.membershipNumber && `${m.membershipNumber}T` }, now),
            (e) => (e ? reject(e) : resolve()),
          ),
        );
        count++;
      }
    }
    stmt.finalize();
    await all('COMMIT');
    await all('ANALYZE');
  }
  await new Promise<void>((resolve) => db.close(() => resolve()));
  return count;
}

/**
 * Boots the built server on `dir` holding `count` bulk-seeded cases (then `afterSeed`, for a bench's
 * own rows, before the server opens the file). With `reuse` (the benches'
 * BENCH_SEARCH_DIR / BENCH_WEB_DIR), a database already in `dir` is used as it is, to save the seeding.
 * With `members`, members without a case are added until there are that many.
 */
export async function seededApp(
  dir: string,
  count: number,
  reuse: boolean,
  {
    members = 0,
    afterSeed,
  }: { members?: number; afterSeed?: (dbPath: string, adminId: string) => Promise<void> } = {},
): Promise<App> {
  if (reuse && existsSync(join(dir, 'caseline.sqlite'))) {
    process.stdout.write(`  reusing the database in ${dir}\n`);
  } else {
    // Migrate (and create the admin) by booting once, then bulk-load and boot again.
    const first = await bootApp(dir);
    const adminId = (await first.api(await first.login(ADMIN_EMAIL, ADMIN_PASSWORD), 'GET', '/api/me')).body
      .id as string;
    await first.close();
    const started = Date.now();
    await bulkSeed(first.dbPath, count, adminId);
    process.stdout.write(`  seeded ${count} cases in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    await afterSeed?.(first.dbPath, adminId);
  }
  // Members without a case, written while no server has the file open.
  if (members) await topUpMembers(join(dir, 'caseline.sqlite'), members);
  return bootApp(dir);
}
