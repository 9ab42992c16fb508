import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * The INSERT of a hot write path, without TypeORM's query building: the statement of an entity
 * (and a number of rows) is built once from its metadata and kept, and each row's values go
 * through the driver's own conversion (dates, simple-json, booleans), so what is stored is what
 * the query builder would have stored. Every value is a bound parameter.
 *
 * Nothing is read back: the caller sets every column (ids, version, timestamps) itself, except an
 * auto-increment id, which is left to the database and returned when asked for.
 */
interface Statement {
  sql: string;
  columns: ColumnMetadata[];
}

const statements = new WeakMap<EntityMetadata, Map<string, Statement>>();

function statementFor(manager: EntityManager, metadata: EntityMetadata, rows: number, returning?: string) {
  let byShape = statements.get(metadata);
  if (!byShape) statements.set(metadata, (byShape = new Map()));
  const shape = `${rows}:${returning ?? ''}`;
  const known = byShape.get(shape);
  if (known) return known;

  const driver = manager.connection.driver;
  const columns = metadata.columns.filter(
    (c) => c.isInsert && !c.isVirtual && !(c.isGenerated && c.generationStrategy === 'increment'),
  );
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  let index = 0;
  const values = Array.from(
    { length: rows },
    () => `(${columns.map((c) => driver.createParameter(c.databaseName, index++)).join(', ')})`,
  ).join(', ');
  // tablePath is schema-qualified on PostgreSQL when a schema is configured: each part is quoted.
  const table = metadata.tablePath
    .split('.')
    .map((part) => driver.escape(part))
    .join('.');
  // The leading comment keeps TypeORM's SQLite runner from taking a RETURNING insert for a plain
  // INSERT, which it would run without reading the rows back.
  const sql = returning
    ? `/* insert returning */ INSERT INTO ${table} (${names}) VALUES ${values} RETURNING ${driver.escape(returning)}`
    : `INSERT INTO ${table} (${names}) VALUES ${values}`;
  const statement = { sql, columns };
  byShape.set(shape, statement);
  return statement;
}

/** Inserts rows of one entity in one statement. */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
): Promise<void> {
  if (!rows.length) return;
  const metadata = manager.connection.getMetadata(target);
  const { sql, columns } = statementFor(manager, metadata, rows.length);
  await manager.query(sql, parameters(manager, columns, rows));
}

/**
 * Inserts rows of one entity in one statement and returns the value the database generated for
 * `column` (an auto-increment id) of each, in the order of the rows.
 */
export async function insertRowsReturning<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
  column: string,
): Promise<unknown[]> {
  if (!rows.length) return [];
  const metadata = manager.connection.getMetadata(target);
  const { sql, columns } = statementFor(manager, metadata, rows.length, column);
  const returned = (await manager.query(sql, parameters(manager, columns, rows))) as Record<
    string,
    unknown
  >[];
  if (!Array.isArray(returned) || returned.length !== rows.length)
    throw new Error(`INSERT INTO ${metadata.tableName} returned ${returned?.length} rows for ${rows.length}`);
  // Both databases return a multi-row insert's rows in the order of its VALUES; sorting by the
  // generated key makes that explicit rather than assumed.
  return returned.map((r) => r[column]).sort((a, b) => Number(a) - Number(b));
}

function parameters<T extends ObjectLiteral>(manager: EntityManager, columns: ColumnMetadata[], rows: T[]) {
  const driver = manager.connection.driver;
  const params: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const value: unknown = column.getEntityValue(row);
      params.push(value === undefined ? null : driver.preparePersistentValue(value, column));
    }
  }
  return params;
}
