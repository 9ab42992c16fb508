import sqlite3 from 'sqlite3';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Where Caseline reads outside a unit of work: committed data only, and never in the writer's way.
 *
 * SQLite: TypeORM's sqlite driver has one connection, and the group commit (GroupCommitQueue)
 * keeps a transaction open on it while the queued units run. A read sent to that connection in
 * the meantime runs *inside* that transaction: it sees rows that are not committed yet (a unit
 * half done, or a group whose COMMIT then fails), and it waits in line with the writer's
 * statements. So reads go to a second connection, opened read-only: in WAL mode each of its
 * statements sees the last commit and nothing else, alongside the writer.
 *
 * A read made of several statements that must agree with each other (the audit chain and its
 * head, counts and medians of one report) runs as a `snapshot`: one read transaction, on a third
 * read-only connection of its own, so that no plain read ever lands inside it and sees its old
 * state. Snapshots take turns on that connection.
 *
 * PostgreSQL: every query takes a pooled connection and sees committed data only; a snapshot is
 * a REPEATABLE READ, READ ONLY transaction.
 */
export class ReadDatabase {
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(
    /** Committed reads: one statement, one consistent view of the last commit. */
    readonly source: DataSource,
    private readonly snapshots: DataSource | null,
    private readonly owned: DataSource[],
  ) {}

  static async open(writer: DataSource): Promise<ReadDatabase> {
    if (writer.options.type !== 'sqlite') return new ReadDatabase(writer, null, []);
    const options = writer.options;
    const readOnly = () =>
      new DataSource({
        ...options,
        flags: sqlite3.OPEN_READONLY,
        enableWAL: false, // the file is in WAL mode already; a read-only connection cannot set it
        migrationsRun: false,
        synchronize: false,
      }).initialize();
    const source = await readOnly();
    try {
      const snapshots = await readOnly();
      return new ReadDatabase(source, snapshots, [source, snapshots]);
    } catch (error) {
      await source.destroy();
      throw error;
    }
  }

  /** Whether reads have connections of their own (SQLite), rather than the writer's pool. */
  get hasOwnConnections(): boolean {
    return this.owned.length > 0;
  }

  /** Runs work with a manager whose reads all see one and the same committed state. */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.snapshots) {
      return this.source.transaction('REPEATABLE READ', async (manager) => {
        await manager.query('SET TRANSACTION READ ONLY');
        return work(manager);
      });
    }
    const snapshots = this.snapshots;
    const run = this.turn.then(() => snapshots.transaction(work));
    this.turn = run.catch(() => undefined); // the next snapshot waits for this one, not for its outcome
    return run;
  }

  async close(): Promise<void> {
    await this.turn;
    for (const dataSource of this.owned) if (dataSource.isInitialized) await dataSource.destroy();
  }
}
