import { Client } from 'pg';
import sqlite3 from 'sqlite3';

/** Direct access to the test database, for asserting what is persisted and for tampering with it. */
export interface TestDb {
  kind: 'sqlite' | 'postgres';
  /** `?` placeholders on both databases. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openDb(databaseUrl: string): Promise<TestDb> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new sqlite3.Database(databaseUrl.slice('sqlite:'.length));
    db.configure('busyTimeout', 10_000);
    return {
      kind: 'sqlite',
      query: (sql, params = []) =>
        new Promise((resolve, reject) =>
          db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as never))),
        ),
      close: () => new Promise((resolve) => db.close(() => resolve())),
    };
  }
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  if (schema) await client.query(`SET search_path TO ${schema}`);
  return {
    kind: 'postgres',
    query: async (sql, params = []) => {
      let i = 0;
      const res = await client.query(
        sql.replace(/\?/g, () => `$${++i}`),
        params as unknown[],
      );
      return res.rows;
    },
    close: () => client.end(),
  };
}
