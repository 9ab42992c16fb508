import 'reflect-metadata';
import { ConfigError } from '../config/config';
import { applySqlitePragmas } from './sqlite-pragmas';

const USAGE = 'usage: node dist/database/cli.js run | revert | show\n';
const say = (text: string) => process.stdout.write(`${text}\n`);

/** `npm run migration:run` (the app also runs pending migrations at start). */
async function main(command: string | undefined): Promise<number> {
  if (!command || !['run', 'revert', 'show'].includes(command)) {
    process.stderr.write(USAGE);
    return 2;
  }
  // Imported here so a bad DATABASE_URL is reported as a configuration problem, not a stack trace.
  const dataSource = await (await import('./data-source')).default.initialize();
  try {
    await applySqlitePragmas(dataSource);
    if (command === 'run') {
      const done = await dataSource.runMigrations({ transaction: 'each' });
      say(done.length ? done.map((m) => `applied ${m.name}`).join('\n') : 'no pending migrations');
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      say('reverted the last migration');
    } else {
      const pending = await dataSource.showMigrations();
      say(pending ? 'there are pending migrations' : 'the schema is up to date');
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(
      e instanceof ConfigError ? `Caseline cannot migrate. ${e.message}\n` : `${(e as Error).stack ?? e}\n`,
    );
    process.exit(1);
  },
);
