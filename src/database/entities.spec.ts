import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { ENTITIES } from './entities';

const SRC = join(__dirname, '..');

/** Every *.entity.ts file under src/. */
function entityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? entityFiles(join(dir, e.name))
      : e.name.endsWith('.entity.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('ENTITIES', () => {
  it('lists every class decorated with @Entity in an .entity.ts file', () => {
    const files = entityFiles(SRC);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    files.forEach((file) => require(file));
    const declared = getMetadataArgsStorage().tables.map((t) => t.target);
    const listed: unknown[] = ENTITIES;
    expect(files.length).toBeGreaterThan(10);
    expect(
      declared
        .filter((target) => !listed.includes(target))
        .map((t) => (typeof t === 'function' ? t.name : t)),
    ).toEqual([]);
    expect(new Set(ENTITIES).size).toBe(ENTITIES.length);
  });
});
