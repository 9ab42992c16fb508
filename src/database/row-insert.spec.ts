import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, CreateDateColumn, DataSource, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { insertRows, insertRowsReturning } from './row-insert';
import { hydrateRows, Parameters } from './row-read';

@Entity('things')
class Thing {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ name: 'happened_on', type: 'date' })
  happenedOn: string;

  @Column({ name: 'happened_at' })
  happenedAt: Date;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ type: 'boolean' })
  flag: boolean;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

@Entity('entries')
class Entry {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 20 })
  label: string;
}

const thing = (id: string, over: Partial<Thing> = {}): Thing =>
  Object.assign(new Thing(), {
    id,
    name: `O'Brien; DROP TABLE things; -- ${id}`,
    happenedOn: '2019-03-04',
    happenedAt: new Date('2019-03-04T10:11:12.345Z'),
    tags: ['a', 'b "quoted"'],
    flag: true,
    note: null,
    createdAt: new Date('2026-12-01T09:00:00.000Z'),
    ...over,
  });

describe('insertRows', () => {
  let dir: string;
  let db: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-row-insert-'));
    db = await new DataSource({
      type: 'sqlite',
      database: join(dir, 'db.sqlite'),
      entities: [Thing, Entry],
    }).initialize();
    // The tables of these two test entities, as a migration would write them.
    await db.query(`CREATE TABLE things (
      id varchar PRIMARY KEY NOT NULL, name varchar(50) NOT NULL, happened_on date NOT NULL,
      happened_at datetime NOT NULL, tags text NOT NULL, flag boolean NOT NULL, note text,
      created_at datetime NOT NULL DEFAULT (datetime('now')))`);
    await db.query(
      'CREATE TABLE entries (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, label varchar(20) NOT NULL)',
    );
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const raw = async (table: string) => (await db.query(`SELECT * FROM ${table} ORDER BY id`)) as unknown[];

  it('stores exactly what the query builder stores, every value bound', async () => {
    await db.createQueryBuilder().insert().into(Thing).values(thing('b')).updateEntity(false).execute();
    await insertRows(db.manager, Thing, [thing('a')]);
    const [a, b] = (await raw('things')) as Record<string, unknown>[];
    expect({ ...a, id: 'x', name: 'x' }).toEqual({ ...b, id: 'x', name: 'x' });
    expect(a.name).toBe("O'Brien; DROP TABLE things; -- a");
    const [read] = await db.getRepository(Thing).findBy({ id: 'a' });
    expect(read).toEqual(thing('a'));
  });

  it('inserts several rows in one statement, and nulls for values left undefined', async () => {
    await insertRows(db.manager, Thing, [
      thing('a'),
      thing('b', { note: undefined, flag: false }),
      thing('c'),
    ]);
    const rows = await db.getRepository(Thing).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(rows[1]).toMatchObject({ note: null, flag: false });
  });

  it('leaves nothing behind when a row is refused', async () => {
    await insertRows(db.manager, Thing, [thing('a')]);
    await expect(insertRows(db.manager, Thing, [thing('b'), thing('a')])).rejects.toThrow(/UNIQUE/);
    expect((await raw('things')).length).toBe(1);
  });

  it('does nothing for no rows', async () => {
    await insertRows(db.manager, Thing, []);
    expect(await insertRowsReturning(db.manager, Entry, [], 'id')).toEqual([]);
    expect(await raw('things')).toEqual([]);
  });

  it("returns the database's ids of auto-increment rows, in the rows' order", async () => {
    const entry = (label: string) => Object.assign(new Entry(), { label });
    expect(await insertRowsReturning(db.manager, Entry, [entry('one')], 'id')).toEqual([1]);
    const ids = await insertRowsReturning(
      db.manager,
      Entry,
      [entry('two'), entry('three'), entry('four')],
      'id',
    );
    expect(ids).toEqual([2, 3, 4]);
    expect(await raw('entries')).toEqual([
      { id: 1, label: 'one' },
      { id: 2, label: 'two' },
      { id: 3, label: 'three' },
      { id: 4, label: 'four' },
    ]);
  });

  it('reuses the statement of an entity and a row count', async () => {
    const seen: string[] = [];
    const query = db.manager.query.bind(db.manager);
    db.manager.query = ((sql: string, params?: unknown[]) => {
      seen.push(sql);
      return query(sql, params);
    }) as typeof db.manager.query;
    await insertRows(db.manager, Thing, [thing('a')]);
    await insertRows(db.manager, Thing, [thing('b')]);
    await insertRows(db.manager, Thing, [thing('c'), thing('d')]);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).not.toBe(seen[0]);
    expect(seen[0]).not.toMatch(/O'Brien|2019/);
    expect(seen[0]).toMatch(/^INSERT INTO "things" \(.*"happened_at".*\) VALUES \((\?, )+\?\)$/);
  });

  describe('hydrateRows (reads the query builder cannot express)', () => {
    it('turns the raw rows of a hand-written SELECT into the entities the repository would return', async () => {
      await insertRows(db.manager, Thing, [
        thing('11111111-1111-4111-8111-111111111111'),
        thing('22222222-2222-4222-8222-222222222222', { flag: false, note: 'a note', tags: [] }),
      ]);
      const p = new Parameters(db.manager);
      const raw = (await db.query(
        `SELECT * FROM (SELECT t.*, 0 AS probe FROM things t WHERE t.id = ${p.add('11111111-1111-4111-8111-111111111111')}) AS a` +
          ` UNION ALL SELECT * FROM (SELECT t.*, 1 AS probe FROM things t WHERE t.flag = ${p.add(false)}) AS b`,
        p.values,
      )) as Record<string, unknown>[];
      expect(p.values).toEqual(['11111111-1111-4111-8111-111111111111', false]);
      const hydrated = hydrateRows(db.manager, Thing, raw).sort((x, y) => x.id.localeCompare(y.id));
      const found = await db.getRepository(Thing).find({ order: { id: 'ASC' } });
      expect(hydrated).toEqual(found);
      expect(hydrated[0]).toBeInstanceOf(Thing);
      expect(hydrated[1]).toMatchObject({ flag: false, note: 'a note', tags: [] });
      expect(hydrated[0].happenedAt).toEqual(new Date('2019-03-04T10:11:12.345Z'));
    });

    it('numbers placeholders as the driver wants them and binds lists value by value', () => {
      const p = new Parameters(db.manager);
      expect(p.list(['a', 'b'])).toBe('?, ?');
      expect(p.add(3)).toBe('?');
      expect(p.values).toEqual(['a', 'b', 3]);
    });
  });
});
