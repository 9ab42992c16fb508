import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { AuditEntry, AuditHead } from '../audit/audit-entry.entity';
import { AuditService } from '../audit/audit.service';
import { CaseTransition } from '../cases/case-transition.entity';
import { Case, CaseReferenceCounter } from '../cases/case.entity';
import { ConfigError, loadConfigFromProcess } from '../config/config';
import { databaseOptions } from '../database/database-options';
import { ReadDatabase } from '../database/read-database';
import { applySqlitePragmas } from '../database/sqlite-pragmas';
import { Member } from '../members/member.entity';
import { memberKeys } from '../members/matching/member-matcher';
import { TimelineEvent } from '../timeline/timeline-event.entity';
import { newId } from '../database/new-id';
import { hashPassword } from '../users/password';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CustodyAction, Evidence, EvidenceCustody } from '../evidence/evidence.entity';
import { LocalDiskStorage } from '../evidence/storage/local-disk-storage';
import { LogCheckpoint, LogHead, LogLeaf, LogNode, LogSalts } from '../log/log.entity';
import { custodyLeaf, timelineLeaf } from '../log/log-records';
import { LogWriter } from '../log/log-writer';
import { Notification } from '../notifications/notification.entity';
import { Channel, ReminderStatus } from '../reminders/reminder-kinds';
import { Reminder } from '../reminders/reminder.entity';
import { DemoBatch, demoActivity, DemoGenerator } from './demo-data';

/**
 * `npm run seed:demo [-- --force] [--count N] [--seed S]`: fills the configured database with a
 * fictional demo dataset (default 240 cases in every workflow status, dated around today: appeal
 * deadlines overdue and coming, hearings this week and next), evidence files, reminders and
 * notifications, and one demo user of each role whose password it prints once. Refuses a database
 * that already holds members or cases unless --force (which adds to what is there).
 */
const ENTITIES = [
  User,
  Member,
  Case,
  CaseReferenceCounter,
  CaseTransition,
  Appeal,
  TimelineEvent,
  AuditEntry,
  AuditHead,
  Evidence,
  EvidenceCustody,
  Reminder,
  Notification,
  LogLeaf,
  LogSalts,
  LogNode,
  LogHead,
  LogCheckpoint,
];
const DEMO_ROLES = [Role.Admin, Role.Caseworker, Role.Coordinator, Role.Researcher];
const demoEmail = (role: Role) => `demo-${role}@caseline.example`;
const CASES_PER_TRANSACTION = 500;
/** Rows per INSERT: keeps bound parameters well under the limits (32,766 on SQLite, 65,535 on PostgreSQL). */
const ROWS_PER_INSERT = 100;

interface Args {
  force: boolean;
  count: number;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { force: false, count: 240, seed: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') args.force = true;
    else if (a === '--count' || a === '--seed') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive whole number`);
      args[a === '--count' ? 'count' : 'seed'] = n;
    } else throw new Error(`unknown argument ${a} (expected --force, --count N, --seed S)`);
  }
  // The same data each time on an empty database; fresh data when adding to one.
  if (!args.seed) args.seed = args.force ? Date.now() % 2 ** 31 : 20150101;
  return args;
}

async function insertChunked<T extends object>(m: EntityManager, target: new () => T, rows: object[]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await m.getRepository(target).insert(rows.slice(i, i + ROWS_PER_INSERT) as never);
  }
}

/**
 * One demo user of each role (demo-<role>@caseline.example), each created with a password printed
 * once, so a newcomer can sign in as every role; the first admin too when the database has no
 * user at all (its generated password is one-time, as the server's own). Cases go mostly to the
 * demo caseworker and coordinator, so their screens have work in them.
 */
async function ensureStaff(
  ds: DataSource,
): Promise<{ caseworkers: string[]; coordinators: string[]; admin: string }> {
  const repo = ds.getRepository(User);
  const make = async (email: string, fullName: string, role: Role, password: string, oneTime = false) => {
    const hash = await hashPassword(password);
    return repo.save(
      repo.create({
        email,
        fullName,
        role,
        passwordHash: hash,
        active: true,
        passwordChangeRequired: oneTime,
      }),
    );
  };
  if (!(await repo.count())) {
    const config = loadConfigFromProcess();
    const password = config.adminPassword ?? randomBytes(18).toString('base64url');
    const email = (config.adminEmail ?? 'admin@localhost').toLowerCase();
    await make(email, 'Administrator', Role.Admin, password, !config.adminPassword);
    if (!config.adminPassword)
      console.log(`Created admin ${email} with one-time password (change it at first sign-in): ${password}`);
  }
  const demo = new Map<Role, User>();
  const printed: string[] = [];
  for (const role of DEMO_ROLES) {
    const email = demoEmail(role);
    let user = await repo.findOneBy({ email });
    if (!user) {
      const password = randomBytes(12).toString('base64url');
      user = await make(email, `Demo ${role[0].toUpperCase()}${role.slice(1)}`, role, password);
      printed.push(`  ${role.padEnd(12)} ${email.padEnd(34)} ${password}`);
    }
    demo.set(role, user);
  }
  if (printed.length) {
    console.log(
      [
        '',
        '==== Caseline demo users (passwords shown once) ====',
        ...printed,
        '=====================================================',
        '',
      ].join('\n'),
    );
  }
  const others = async (role: Role) =>
    (await repo.find({ where: { role, active: true }, order: { createdAt: 'ASC' } }))
      .map((u) => u.id)
      .filter((id) => id !== demo.get(role)!.id)
      .slice(0, 9);
  // The demo user twice: about half the cases are theirs.
  const caseworker = demo.get(Role.Caseworker)!.id;
  const coordinator = demo.get(Role.Coordinator)!.id;
  return {
    caseworkers: [caseworker, caseworker, ...(await others(Role.Caseworker))].slice(0, 4),
    coordinators: [coordinator, coordinator, ...(await others(Role.Coordinator))].slice(0, 3),
    admin: demo.get(Role.Admin)!.id,
  };
}

/** Reminders (those already due sent, with their notifications) and evidence files of a batch. */
async function writeActivity(
  ds: DataSource,
  audit: AuditService,
  log: LogWriter,
  batch: DemoBatch,
  evidenceDir: string,
): Promise<{ reminders: number; notifications: number; evidence: number }> {
  const now = new Date();
  const { reminders, evidence } = demoActivity(batch, now.toISOString().slice(0, 10), now);
  const storage = new LocalDiskStorage(evidenceDir);
  const stored: { row: Partial<Evidence>; item: (typeof evidence)[number] }[] = [];
  for (const item of evidence) {
    const pending = await storage.put(Readable.from([item.content]), { maxBytes: item.content.length });
    await pending.commit();
    stored.push({
      item,
      row: {
        id: newId(),
        caseId: item.caseId,
        filename: item.filename,
        mimeType: 'application/pdf',
        size: pending.size,
        sha256: pending.sha256,
        description: item.description,
        source: 'Fictional demo data',
        obtainedAt: null,
        uploadedBy: item.uploadedBy,
        uploadedAt: now,
        deletedAt: null,
        deletedBy: null,
        deletionReason: null,
      },
    });
  }
  let notifications = 0;
  await ds.transaction(async (m) => {
    await insertChunked(
      m,
      Reminder,
      reminders.map((r) => ({
        id: r.id,
        caseId: r.caseId,
        kind: r.kind,
        message: r.message,
        channels: [Channel.InApp],
        recipientIds: r.recipientIds,
        dueAt: r.dueAt,
        status: r.sent ? ReminderStatus.Sent : ReminderStatus.Scheduled,
        attempts: r.sent ? 1 : 0,
        lastError: null,
        sentAt: r.sent ? r.dueAt : null,
        cancelledAt: null,
        cancelReason: null,
        autoKey: null,
        createdBy: null,
      })),
    );
    const rows = reminders
      .filter((r) => r.sent)
      .flatMap((r, i) =>
        r.recipientIds.map((userId) => ({
          id: newId(),
          userId,
          reminderId: r.id,
          caseId: r.caseId,
          caseReference: r.reference,
          kind: r.kind,
          message: r.message,
          createdAt: r.dueAt,
          // the older half read, the rest waiting in the header's count
          readAt: i % 2 === 0 ? new Date(r.dueAt.getTime() + 3_600_000) : null,
        })),
      );
    await insertChunked(m, Notification, rows);
    notifications = rows.length;
    await insertChunked(
      m,
      Evidence,
      stored.map((s) => s.row),
    );
    await insertChunked(
      m,
      EvidenceCustody,
      stored.map((s) => ({
        evidenceId: s.row.id,
        action: CustodyAction.Uploaded,
        actorId: s.item.uploadedBy,
        at: now,
        requestId: null,
        sha256: s.row.sha256,
        note: null,
      })),
    );
    const events = stored.map(
      (s) =>
        ({
          id: newId(),
          caseId: s.item.caseId,
          type: 'evidence_added',
          occurredAt: now,
          precision: 'exact',
          title: `Evidence added: ${s.item.filename}`,
          description: null,
          source: null,
          evidenceIds: [s.row.id],
          recordedAt: now,
          recordedBy: s.item.uploadedBy,
          supersedes: null,
          supersededBy: null,
          appealId: null,
        }) as unknown as TimelineEvent,
    );
    await insertChunked(m, TimelineEvent, events);
    // Every custody and timeline entry is a leaf of the log, as through the API.
    const custody = await m
      .getRepository(EvidenceCustody)
      .find({ where: { evidenceId: In(stored.map((s) => s.row.id!)) }, order: { id: 'ASC' } });
    await log.record(m, [...custody.map(custodyLeaf), ...events.map(timelineLeaf)]);
    await audit.record(m, {
      action: 'demo.seed.activity',
      entityType: 'case',
      actorId: null,
      details: { reminders: reminders.length, notifications: rows.length, evidence: stored.length },
    });
  });
  return { reminders: reminders.length, notifications, evidence: stored.length };
}

async function writeBatch(m: EntityManager, log: LogWriter, batch: DemoBatch): Promise<void> {
  await insertChunked(
    m,
    Member,
    batch.members.map((x) => ({ ...x, ...memberKeys(x.fullName, x.phone) })),
  );
  await insertChunked(
    m,
    Case,
    batch.cases.map((x) => ({ ...x })),
  );
  await insertChunked(
    m,
    Appeal,
    batch.appeals.map((x) => ({ ...x })),
  );
  await insertChunked(
    m,
    CaseTransition,
    batch.transitions.map((x) => ({ ...x })),
  );
  const recordedAt = new Date();
  const events = batch.events.map(
    (e) =>
      ({
        ...e,
        evidenceIds: [],
        recordedAt,
        supersedes: null,
        supersededBy: null,
        appealId: null,
      }) as unknown as TimelineEvent,
  );
  await insertChunked(m, TimelineEvent, events);
  await log.record(m, events.map(timelineLeaf));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfigFromProcess();
  const ds = await new DataSource({ ...databaseOptions(config.database), entities: ENTITIES }).initialize();
  let closeReads = async () => undefined as void;
  try {
    await applySqlitePragmas(ds);
    await ds.runMigrations({ transaction: 'each' });
    const existing = (await ds.getRepository(Case).count()) + (await ds.getRepository(Member).count());
    if (existing > 0 && !args.force) {
      console.error(
        'The database already holds members or cases: refusing to add demo data. Use --force to add anyway.',
      );
      process.exitCode = 1;
      return;
    }
    const staff = await ensureStaff(ds);
    const counters = new Map<number, number>();
    for (const row of await ds.getRepository(CaseReferenceCounter).find())
      counters.set(row.year, Number(row.lastNumber));
    const generator = new DemoGenerator(staff, staff.admin, args.seed, counters);
    const reads = await ReadDatabase.open(ds);
    closeReads = () => reads.close();
    const log = LogWriter.immediate();
    const audit = new AuditService(reads, log);
    const started = Date.now();
    let done = 0;
    let activity: { reminders: number; notifications: number; evidence: number } | undefined;
    while (done < args.count) {
      const n = Math.min(CASES_PER_TRANSACTION, args.count - done);
      const batch = generator.generate(n);
      await ds.transaction(async (m) => {
        await writeBatch(m, log, batch);
        const years = generator.lastNumbers;
        const existingYears = await m
          .getRepository(CaseReferenceCounter)
          .findBy({ year: In([...years.keys()]) });
        for (const [year, lastNumber] of years) {
          if (existingYears.some((r) => r.year === year))
            await m.getRepository(CaseReferenceCounter).update({ year }, { lastNumber });
          else await m.getRepository(CaseReferenceCounter).insert({ year, lastNumber });
        }
        await audit.record(m, {
          action: 'demo.seed',
          entityType: 'case',
          actorId: null,
          details: { cases: batch.cases.length, members: batch.members.length, events: batch.events.length },
        });
      });
      // Reminders, notifications and evidence for the first batch: enough to see, bounded however many cases.
      activity ??= await writeActivity(ds, audit, log, batch, config.evidenceDir);
      done += n;
      if (args.count > CASES_PER_TRANSACTION) process.stdout.write(`\r${done}/${args.count} cases`);
    }
    if (args.count > CASES_PER_TRANSACTION) process.stdout.write('\n');
    console.log(
      `Seeded ${args.count} fictional demo cases (${activity?.reminders ?? 0} reminders, ` +
        `${activity?.notifications ?? 0} notifications, ${activity?.evidence ?? 0} evidence files) ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    await closeReads();
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError || e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
