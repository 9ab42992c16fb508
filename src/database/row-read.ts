import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Entities from the raw rows of a hand-written SELECT of `alias.*` (column names as the database
 * spells them), through the driver's own conversion (dates, booleans, simple-json): what the query
 * builder would have returned. For reads the query builder cannot express, such as a UNION ALL of
 * limited subqueries.
 */
export function hydrateRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Record<string, unknown>[],
): T[] {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((c) => !c.isVirtual);
  return rows.map((raw) => {
    const entity = metadata.create() as T;
    for (const column of columns) {
      const value = raw[column.databaseName];
      if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
    }
    return entity;
  });
}

/** Bound parameters of a hand-written statement, numbered as the driver wants them (? or $n). */
export class Parameters {
  readonly values: unknown[] = [];

  constructor(private readonly manager: EntityManager) {}

  /** The placeholder of value, which is bound, never written into the SQL. */
  add(value: unknown): string {
    this.values.push(value);
    return this.manager.connection.driver.createParameter(`p${this.values.length}`, this.values.length - 1);
  }

  /** Placeholders of several values, comma-separated (for IN lists). */
  list(values: readonly unknown[]): string {
    return values.map((v) => this.add(v)).join(', ');
  }
}
