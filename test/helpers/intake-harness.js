/**
 * Drives the built CaseIntake (dist/) directly, without HTTP, on the database of DATABASE_URL
 * (migrated here), so that a test can hand it a batch of its choosing. NestJS 12 ships as ESM,
 * which jest's CommonJS runtime on Node 20 cannot load; plain Node can, so the test runs this as
 * a child process and talks to it in JSON lines on stdin and stdout:
 *   {"id":1,"op":"batch","requests":[{"userId","requestId","clientAddress","dto"}]}
 *   {"id":2,"op":"verify"}
 * Each answer is {"id", "result"} or {"id", "error"}.
 */
const { join } = require('node:path');
const { createInterface } = require('node:readline');

const DIST = join(__dirname, '..', '..', 'dist');
const load = (path) => require(join(DIST, path));

async function main() {
  const { DataSource } = require('typeorm');
  const { databaseConfigFromProcess } = load('config/config.js');
  const { databaseOptions } = load('database/database-options.js');
  const { ReadDatabase } = load('database/read-database.js');
  const { TransactionService } = load('database/transaction.service.js');
  const { AuditService } = load('audit/audit.service.js');
  const { TimelineWriter } = load('timeline/timeline-writer.js');
  const { LogWriter } = load('log/log-writer.js');
  const { CaseLifecycle } = load('cases/case-lifecycle.js');
  const { CaseIntake } = load('cases/case-intake.js');
  const { User } = load('users/user.entity.js');

  const ds = await new DataSource({
    ...databaseOptions(databaseConfigFromProcess()),
    entities: load('database/entities.js').ENTITIES,
  }).initialize();
  await ds.runMigrations();
  const reads = await ReadDatabase.open(ds);
  const tx = new TransactionService(ds);
  const log = new LogWriter(tx);
  const audit = new AuditService(reads, log);
  const config = { get: () => 28 };
  const intake = new CaseIntake(tx, audit, new TimelineWriter(log), new CaseLifecycle(), config);

  const ops = {
    async batch({ requests }) {
      const users = await ds.getRepository(User).find();
      const byId = new Map(users.map((u) => [u.id, u]));
      const outcomes = await tx.run((m) =>
        intake.writeAll(
          m,
          requests.map((r) => ({ ...r, user: byId.get(r.userId) })),
        ),
      );
      return outcomes.map((o) =>
        o.ok ? o : { ok: false, error: { message: o.error.message, response: o.error.getResponse?.() } },
      );
    },
    verify: () => audit.verify(),
  };
  const lines = createInterface({ input: process.stdin });
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  for await (const line of lines) {
    const { id, op, ...args } = JSON.parse(line);
    try {
      process.stdout.write(JSON.stringify({ id, result: await ops[op](args) }) + '\n');
    } catch (error) {
      process.stdout.write(JSON.stringify({ id, error: String(error && error.message) }) + '\n');
    }
  }
  await reads.close();
  await ds.destroy();
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack) + '\n');
  process.exit(1);
});
