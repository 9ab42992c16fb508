import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange } from '../byte-range';
import {
  ContentMissingError,
  ContentTooLargeError,
  EvidenceStorage,
  PendingContent,
  PutOptions,
  SHA256_HEX,
} from './evidence-storage';

export const TEMP_FOLDER = 'tmp';
export const TEMP_SUFFIX = '.part';
/** Stored content is never written again: read-only for its owner and group. */
const CONTENT_MODE = 0o440;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

async function fsyncPath(path: string, flags = 'r'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Content-addressed files under one root: `<root>/ab/cd/<sha256>` (first two byte pairs of the
 * hash as folders). Uploads are written to `<root>/tmp/<uuid>.part` on the same filesystem,
 * fsynced, then renamed into place and the folder fsynced, so a crash leaves either the whole
 * file or none (a stray temp file at worst, swept at the next start).
 */
export class LocalDiskStorage implements EvidenceStorage {
  readonly root: string;
  readonly tempDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.tempDir = join(this.root, TEMP_FOLDER);
  }

  pathFor(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: Readable, options: PutOptions): Promise<PendingContent> {
    await mkdir(this.tempDir, { recursive: true });
    const tempPath = join(this.tempDir, `${randomUUID()}${TEMP_SUFFIX}`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) return callback(new ContentTooLargeError(options.maxBytes));
        hash.update(chunk);
        options.observe?.(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(
        source,
        meter,
        createWriteStream(tempPath, { flags: 'wx', mode: 0o600, highWaterMark: 256 * 1024 }),
      );
    } catch (err) {
      await removeQuietly(tempPath);
      throw err;
    }
    return this.pending(tempPath, hash.digest('hex'), size);
  }

  private pending(tempPath: string, sha256: string, size: number): PendingContent {
    let state: 'pending' | 'committed' | 'discarded' = 'pending';
    let synced = false;
    const sync = async () => {
      if (synced) return;
      await fsyncPath(tempPath, 'r+');
      synced = true;
    };
    return {
      sha256,
      size,
      read: async (offset, length) => {
        const handle = await open(tempPath, 'r');
        try {
          const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
          return buffer.subarray(0, bytesRead);
        } finally {
          await handle.close();
        }
      },
      sync,
      commit: async () => {
        if (state !== 'pending') throw new Error(`pending content already ${state}`);
        const finalPath = this.pathFor(sha256);
        const folder = dirname(finalPath);
        await mkdir(folder, { recursive: true });
        const existed = await this.exists(sha256);
        await sync();
        await chmod(tempPath, CONTENT_MODE);
        // Replacing identical content is harmless, and repairs a stored copy that was damaged.
        await rename(tempPath, finalPath);
        state = 'committed';
        // The rename is durable only once the folders holding the entries are.
        await fsyncPath(folder);
        if (!existed) await fsyncPath(dirname(folder)).then(() => fsyncPath(dirname(dirname(folder))));
        return !existed;
      },
      discard: async () => {
        if (state !== 'pending') return;
        state = 'discarded';
        await removeQuietly(tempPath);
      },
    };
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable> {
    let handle;
    try {
      handle = await open(this.pathFor(sha256), 'r');
    } catch (err) {
      if (isMissing(err)) throw new ContentMissingError(sha256);
      throw err;
    }
    return handle.createReadStream({
      start: range?.start,
      end: range?.end,
      highWaterMark: 256 * 1024,
    });
  }

  async delete(sha256: string): Promise<void> {
    const path = this.pathFor(sha256);
    await removeQuietly(path);
    // Empty hash folders are left in place: removing them could race with a commit into them.
    await fsyncPath(dirname(path)).catch((err) => {
      if (!isMissing(err)) throw err;
    });
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathFor(sha256))).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** Removes temp files left by a crash; only those older than `olderThanMs` (others may be in flight). */
  async sweepTemp(olderThanMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tempDir);
    } catch (err) {
      if (isMissing(err)) return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names.filter((n) => n.endsWith(TEMP_SUFFIX))) {
      const path = join(this.tempDir, name);
      try {
        if (now - (await stat(path)).mtimeMs > olderThanMs) {
          await removeQuietly(path);
          removed++;
        }
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    return removed;
  }
}
