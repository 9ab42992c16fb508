import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWiderThanPrivate, narrowToPrivate, privateMode, privatePaths } from './file-modes';

describe('file modes', () => {
  it.each([
    [0o644, false, 0o600],
    [0o666, false, 0o600],
    [0o755, false, 0o600],
    [0o400, false, 0o400],
    [0o000, false, 0o600],
    [0o755, true, 0o700],
    [0o777, true, 0o700],
  ])('privateMode(%o, directory %s) is %o', (mode, dir, want) => {
    expect(privateMode(mode, dir)).toBe(want);
  });

  it.each([
    [0o600, false],
    [0o700, false],
    [0o640, true],
    [0o604, true],
    [0o755, true],
  ])('isWiderThanPrivate(%o) is %s', (mode, wide) => expect(isWiderThanPrivate(mode)).toBe(wide));

  it('names the SQLite file with its WAL, SHM and journal, and no file for PostgreSQL', () => {
    const dirs = { dataDir: '/d', evidenceDir: '/d/e', exportDir: '/d/x' };
    expect(privatePaths({ ...dirs, database: { type: 'sqlite', path: '/d/c.sqlite' } }).files).toEqual([
      '/d/c.sqlite',
      '/d/c.sqlite-wal',
      '/d/c.sqlite-shm',
      '/d/c.sqlite-journal',
    ]);
    expect(privatePaths({ ...dirs, database: { type: 'postgres', url: 'postgres://x' } })).toEqual({
      folders: ['/d', '/d/e', '/d/x'],
      files: [],
    });
  });

  it('narrows folders recursively and the given files, returns what it changed, skips what is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'caseline-modes-'));
    try {
      const sub = join(root, 'evidence', 'ab');
      mkdirSync(sub, { recursive: true });
      const inner = join(sub, 'content');
      const db = join(root, 'db.sqlite');
      const alreadyPrivate = join(root, 'secrets.json');
      writeFileSync(inner, 'x');
      writeFileSync(db, 'x');
      writeFileSync(alreadyPrivate, 'x');
      chmodSync(root, 0o755);
      chmodSync(join(root, 'evidence'), 0o750);
      chmodSync(sub, 0o700);
      chmodSync(inner, 0o644);
      chmodSync(db, 0o664);
      chmodSync(alreadyPrivate, 0o600);

      const changed = narrowToPrivate({ folders: [root], files: [db, `${db}-wal`] });

      expect(changed.sort()).toEqual([root, join(root, 'evidence'), db, inner].sort());
      for (const p of [root, join(root, 'evidence'), sub]) expect(statSync(p).mode & 0o777).toBe(0o700);
      for (const p of [inner, db, alreadyPrivate]) expect(statSync(p).mode & 0o777).toBe(0o600);
      expect(narrowToPrivate({ folders: [root], files: [db] })).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
