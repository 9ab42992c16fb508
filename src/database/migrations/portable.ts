import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column helpers so one migration serves SQLite and PostgreSQL. Timestamps are timestamptz on
 * PostgreSQL and datetime (UTC text) on SQLite; ids are uuid on PostgreSQL and varchar on SQLite.
 */
export function columns(qr: QueryRunner) {
  const pg = qr.connection.options.type === 'postgres';
  return {
    pg,
    id: (name = 'id'): TableColumnOptions => ({
      name,
      type: pg ? 'uuid' : 'varchar',
      length: pg ? undefined : '36',
      isPrimary: true,
    }),
    uuid: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: pg ? 'uuid' : 'varchar',
      length: pg ? undefined : '36',
      isNullable: nullable,
    }),
    timestamp: (name: string, nullable = false, withDefault = false): TableColumnOptions => ({
      name,
      type: pg ? 'timestamptz' : 'datetime',
      isNullable: nullable,
      ...(withDefault ? { default: pg ? 'now()' : "(strftime('%Y-%m-%d %H:%M:%f', 'now'))" } : {}),
    }),
    date: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'date',
      isNullable: nullable,
    }),
    string: (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    }),
    text: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'text',
      isNullable: nullable,
    }),
    int: (name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'integer',
      isNullable: false,
      ...options,
    }),
    bigint: (name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'bigint',
      isNullable: false,
      ...options,
    }),
    bool: (name: string, defaultValue: boolean): TableColumnOptions => ({
      name,
      type: 'boolean',
      isNullable: false,
      default: pg ? String(defaultValue) : defaultValue ? 1 : 0,
    }),
    serial: (name = 'id'): TableColumnOptions => ({
      name,
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    }),
  };
}
