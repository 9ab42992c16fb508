import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { intake } from './factories/case-payloads';
import { fixtures } from './factories/evidence-files';
import { createTestApp, TestApp } from './helpers/test-app';

const modeOf = (path: string) => statSync(path).mode & 0o777;

function everythingUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? [path, ...everythingUnder(path)] : [path];
  });
}

/** What Caseline keeps on disk is its own account's alone: folders 0700, files 0600. */
describe('file modes of the data on disk', () => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    caseId = (await intake(t.as.caseworker)).id;
    await t.as.caseworker
      .post(`/api/cases/${caseId}/evidence`)
      .attach('file', fixtures.pdf('file modes'), 'letter.pdf')
      .expect(201);
  });
  afterAll(() => t.close());

  const sqliteFiles = () =>
    t.db.kind === 'sqlite'
      ? readdirSync(t.dir)
          .filter((f) => /\.sqlite(-wal|-shm)?$/.test(f))
          .map((f) => join(t.dir, f))
      : [];

  it('creates the data folder 0700 and the database, its WAL and SHM, evidence and secrets 0600', async () => {
    const paths = [t.dir, ...everythingUnder(t.dir)];
    if (t.db.kind === 'sqlite') expect(sqliteFiles().length).toBeGreaterThanOrEqual(2);
    expect(everythingUnder(join(t.dir, 'evidence')).some((p) => statSync(p).isFile())).toBe(true);
    const wide = paths.filter((p) => (modeOf(p) & 0o077) !== 0).map((p) => `${p} ${modeOf(p).toString(8)}`);
    expect(wide).toEqual([]);
  });

  it('narrows at start what was left readable by others, and names each path in a warning', async () => {
    const evidence = everythingUnder(join(t.dir, 'evidence')).find((p) => statSync(p).isFile())!;
    const widened = [t.dir, join(t.dir, 'evidence'), evidence, ...sqliteFiles()];
    await t.server.stop();
    for (const p of widened) chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
    await t.restart();
    for (const p of widened) expect({ p, mode: modeOf(p) & 0o077 }).toEqual({ p, mode: 0 });
    const warnings = t.server.output.filter((l) => l.includes('Narrowed the permissions'));
    for (const p of widened) expect(warnings.some((l) => l.includes(JSON.stringify(p)))).toBe(true);
    // The data is still there and usable.
    await t.as.caseworker.get(`/api/cases/${caseId}`).expect(200);
  });
});
