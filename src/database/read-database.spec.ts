import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { databaseOptions } from './database-options';
import { GroupCommitQueue } from './group-commit';
import { ReadDatabase } from './read-database';

@Entity('notes')
class Note {
  @PrimaryColumn({ type: 'varchar' })
  id: string;

  @Column({ type: 'varchar' })
  body: string;
}

/** A deferred promise: lets a test hold a unit of work open at a chosen point. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('ReadDatabase on SQLite', () => {
  let dir: string;
  let writer: DataSource;
  let reads: ReadDatabase;
  let units: GroupCommitQueue;

  const ids = async (source: DataSource) =>
    (await source.getRepository(Note).find({ order: { id: 'ASC' } })).map((n) => n.id);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-reads-'));
    // The app's own options: WAL, the statement-keeping driver, no synchronize.
    writer = await new DataSource({
      ...databaseOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') }),
      migrations: [],
      entities: [Note],
    }).initialize();
    await writer.query('CREATE TABLE notes (id varchar PRIMARY KEY NOT NULL, body varchar NOT NULL)');
    await writer.query(`INSERT INTO notes (id, body) VALUES ('a', 'committed')`);
    reads = await ReadDatabase.open(writer);
    units = new GroupCommitQueue(writer);
  });
  afterEach(async () => {
    await reads.close();
    await writer.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Starts a unit of work that writes a note and then waits, open, until `finish` is called; it
   * resolves once the note is written. `finish(error)` makes the unit throw (and roll back).
   */
  async function unitHeldOpen(id: string): Promise<{ finish(error?: Error): Promise<void> }> {
    const written = gate();
    const release = gate();
    let failure: Error | undefined;
    const unit = units.run(async (m) => {
      await m.query('INSERT INTO notes (id, body) VALUES (?, ?)', [id, 'in flight']);
      written.open();
      await release.wait;
      if (failure) throw failure;
    });
    await written.wait;
    return {
      finish: (error?: Error) => {
        failure = error;
        release.open();
        return unit;
      },
    };
  }

  it('never sees what a unit of work has written before its commit', async () => {
    const unit = await unitHeldOpen('b');
    // The writer's own connection is inside the open transaction and sees the row already.
    expect(await ids(writer)).toEqual(['a', 'b']);
    expect(await ids(reads.source)).toEqual(['a']);
    await unit.finish();
    expect(await ids(reads.source)).toEqual(['a', 'b']);
  });

  it('never sees the writes of a unit that was rolled back', async () => {
    const unit = await unitHeldOpen('c');
    expect(await ids(reads.source)).toEqual(['a']);
    await expect(unit.finish(new Error('the unit fails after writing'))).rejects.toThrow(
      'the unit fails after writing',
    );
    expect(await ids(writer)).toEqual(['a']);
    expect(await ids(reads.source)).toEqual(['a']);
  });

  it('refuses to write', async () => {
    await expect(reads.source.query(`INSERT INTO notes (id, body) VALUES ('d', 'x')`)).rejects.toThrow(
      /SQLITE_READONLY/,
    );
    await expect(
      reads.snapshot((m) => m.query(`UPDATE notes SET body = 'changed' WHERE id = 'a'`)),
    ).rejects.toThrow(/SQLITE_READONLY/);
    expect((await writer.getRepository(Note).findOneByOrFail({ id: 'a' })).body).toBe('committed');
  });

  it('keeps one state for all the reads of a snapshot, while plain reads see each new commit', async () => {
    const seen: { first: string[]; plainMeanwhile: string[]; second: string[] } = {
      first: [],
      plainMeanwhile: [],
      second: [],
    };
    await reads.snapshot(async (m) => {
      seen.first = (await m.getRepository(Note).find({ order: { id: 'ASC' } })).map((n) => n.id);
      await units.run((w) => w.query(`INSERT INTO notes (id, body) VALUES ('e', 'committed later')`));
      seen.plainMeanwhile = await ids(reads.source);
      seen.second = (await m.getRepository(Note).find({ order: { id: 'ASC' } })).map((n) => n.id);
    });
    expect(seen).toEqual({ first: ['a'], plainMeanwhile: ['a', 'e'], second: ['a'] });
    expect(await reads.snapshot((m) => m.getRepository(Note).count())).toBe(2);
  });

  it('runs snapshots one at a time, and one that fails does not stop the next', async () => {
    const order: string[] = [];
    const inFirst = gate();
    const first = reads.snapshot(async () => {
      order.push('first begins');
      await inFirst.wait;
      order.push('first ends');
      throw new Error('first fails');
    });
    const second = reads.snapshot(async (m) => {
      order.push('second begins');
      return m.getRepository(Note).count();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    inFirst.open();
    await expect(first).rejects.toThrow('first fails');
    await expect(second).resolves.toBe(1);
    expect(order).toEqual(['first begins', 'first ends', 'second begins']);
  });

  it('closes its connections (after the snapshot in progress)', async () => {
    const running = reads.snapshot((m) => m.getRepository(Note).count());
    await reads.close();
    await expect(running).resolves.toBe(1);
    expect(reads.source.isInitialized).toBe(false);
    reads = await ReadDatabase.open(writer); // for afterEach
  });
});
