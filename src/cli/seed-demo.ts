import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
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
import { TimelineEvent } from '../timeline/timeline-event.entity';
import { hashPassword } from '../users/password';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { DemoBatch, DemoGenerator } from './demo-data';

/**
 * `npm run seed:demo [-- --force] [--count N] [--seed S]`: fills the configured database with a
 * fictional demo dataset (default 240 cases, 2015–2019, every workflow status). Refuses a database
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
];
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

/** Demo staff to assign cases to; an admin too when the database has no user at all. */
async function ensureStaff(
  ds: DataSource,
): Promise<{ caseworkers: string[]; coordinators: string[]; admin: string }> {
  const repo = ds.getRepository(User);
  let admin = await repo.findOne({ where: { role: Role.Admin, active: true }, order: { createdAt: 'ASC' } });
  const created: string[] = [];
  const make = async (email: string, fullName: string, role: Role, password?: string) => {
    const hash = await hashPassword(password ?? randomBytes(24).toString('base64url'));
    return repo.save(repo.create({ email, fullName, role, passwordHash: hash, active: true }));
  };
  if (!admin) {
    const config = loadConfigFromProcess();
    const password = config.adminPassword ?? randomBytes(18).toString('base64url');
    const email = (config.adminEmail ?? 'admin@localhost').toLowerCase();
    admin = await make(email, 'Administrator', Role.Admin, password);
    if (!config.adminPassword) console.log(`Created admin ${email} with one-time password: ${password}`);
  }
  let caseworkers = await repo.find({ where: { role: Role.Caseworker, active: true } });
  if (!caseworkers.length) {
    for (const n of [1, 2, 3])
      caseworkers.push(
        await make(`demo-caseworker${n}@caseline.example`, `Demo Caseworker ${n}`, Role.Caseworker),
      );
    created.push('3 caseworkers');
  }
  let coordinators = await repo.find({ where: { role: Role.Coordinator, active: true } });
  if (!coordinators.length) {
    coordinators = [await make('demo-coordinator@caseline.example', 'Demo Coordinator', Role.Coordinator)];
    created.push('1 coordinator');
  }
  caseworkers = caseworkers.slice(0, 10);
  if (created.length)
    console.log(`Created demo staff (${created.join(', ')}); an admin can set their passwords.`);
  return {
    caseworkers: caseworkers.map((u) => u.id),
    coordinators: coordinators.map((u) => u.id),
    admin: admin.id,
  };
}

async function writeBatch(m: EntityManager, batch: DemoBatch): Promise<void> {
  await insertChunked(
    m,
    Member,
    batch.members.map((x) => ({ ...x })),
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
  await insertChunked(
    m,
    TimelineEvent,
    batch.events.map((e) => ({ ...e, evidenceIds: [], recordedAt, supersedes: null, supersededBy: null })),
  );
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
    const audit = new AuditService(reads);
    const started = Date.now();
    let done = 0;
    while (done < args.count) {
      const n = Math.min(CASES_PER_TRANSACTION, args.count - done);
      const batch = generator.generate(n);
      await ds.transaction(async (m) => {
        await writeBatch(m, batch);
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
      done += n;
      if (args.count > CASES_PER_TRANSACTION) process.stdout.write(`\r${done}/${args.count} cases`);
    }
    if (args.count > CASES_PER_TRANSACTION) process.stdout.write('\n');
    console.log(
      `Seeded ${args.count} fictional demo cases in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
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
