import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ContentMissingError, ContentTooLargeError } from './evidence-storage';
import { LocalDiskStorage, TEMP_FOLDER } from './local-disk-storage';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe(LocalDiskStorage.name, () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'evidence-storage-'));
    storage = new LocalDiskStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const tempFiles = () => readdirSync(join(root, TEMP_FOLDER));

  it('hashes and sizes the stream, and publishes it under ab/cd/<sha256> only on commit', async () => {
    const pending = await storage.put(chunks('hello ', 'world'), { maxBytes: 100 });
    const expected = sha(Buffer.from('hello world'));
    expect(pending).toMatchObject({ sha256: expected, size: 11 });
    expect(await storage.exists(expected)).toBe(false);
    expect(tempFiles()).toHaveLength(1);

    expect(await pending.commit()).toBe(true);
    const path = join(root, expected.slice(0, 2), expected.slice(2, 4), expected);
    expect(readFileSync(path, 'utf8')).toBe('hello world');
    expect(statSync(path).mode & 0o777).toBe(0o400);
    expect(tempFiles()).toHaveLength(0);
  });

  it('reports content it already held as not created, and keeps one copy', async () => {
    await (await storage.put(chunks('same'), { maxBytes: 10 })).commit();
    expect(await (await storage.put(chunks('same'), { maxBytes: 10 })).commit()).toBe(false);
    expect(tempFiles()).toHaveLength(0);
  });

  it('stops at the limit and leaves no temp file', async () => {
    await expect(storage.put(chunks('12345', '6'), { maxBytes: 5 })).rejects.toBeInstanceOf(
      ContentTooLargeError,
    );
    expect(tempFiles()).toHaveLength(0);
  });

  it('leaves no temp file when the source fails', async () => {
    const source = new Readable({
      read() {
        this.push(Buffer.from('part'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put(source, { maxBytes: 100 })).rejects.toThrow('client went away');
    expect(tempFiles()).toHaveLength(0);
  });

  it('discards pending content', async () => {
    const pending = await storage.put(chunks('abc'), { maxBytes: 10 });
    await pending.discard();
    await pending.discard();
    expect(tempFiles()).toHaveLength(0);
    expect(await storage.exists(pending.sha256)).toBe(false);
  });

  it('reads a byte range and refuses missing content', async () => {
    const pending = await storage.put(chunks('0123456789'), { maxBytes: 10 });
    expect((await pending.read(2, 3)).toString()).toBe('234');
    await pending.commit();
    expect(await text(await storage.get(pending.sha256, { start: 3, end: 5 }))).toBe('345');
    await storage.delete(pending.sha256);
    await expect(storage.get(pending.sha256)).rejects.toBeInstanceOf(ContentMissingError);
    await storage.delete(pending.sha256);
  });

  it('sweeps only stale temp files', async () => {
    await storage.put(chunks('fresh'), { maxBytes: 10 });
    const stale = join(root, TEMP_FOLDER, 'old.part');
    writeFileSync(stale, 'x');
    utimesSync(stale, new Date(0), new Date(0));
    expect(await storage.sweepTemp(60_000)).toBe(1);
    expect(tempFiles()).toHaveLength(1);
  });

  it('refuses anything but a hex SHA-256 as an address', () => {
    expect(() => storage.pathFor('../../etc/passwd')).toThrow();
  });
});
