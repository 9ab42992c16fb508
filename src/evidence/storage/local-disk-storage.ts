import { createHash, randomUUID } from 'node:crypto';
import {
  close as closeFd,
  createWriteStream,
  fdatasync,
  fsync,
  open as openFd,
  read as readFd,
} from 'node:fs';
import { chmod, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
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
/** Stored content is never written again, and holds personal data: read-only, for its owner alone. */
const CONTENT_MODE = 0o400;
/** Bytes written between two background fdatasync calls during an upload. */
const WRITEBACK_BYTES = 16 * 1024 * 1024;

// A plain descriptor rather than a FileHandle: a FileHandle cannot be closed while a stream made
// from it is alive, and the temp file must stay open from the first write to the final fsync.
const fd = {
  open: promisify(openFd),
  datasync: promisify(fdatasync),
  sync: promisify(fsync),
  read: promisify(readFd),
  close: promisify(closeFd),
};

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
    const descriptor = await fd.open(tempPath, 'wx+', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    // Large uploads start writeback while they are still arriving (one fdatasync in flight at a
    // time), so the fsync before publishing has little left to flush.
    let writeback: Promise<void> | null = null;
    let unsynced = 0;
    const meter = new Transform({
      highWaterMark: 1024 * 1024,
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) return callback(new ContentTooLargeError(options.maxBytes));
        hash.update(chunk);
        options.observe?.(chunk);
        unsynced += chunk.length;
        if (unsynced >= WRITEBACK_BYTES && !writeback) {
          unsynced = 0;
          writeback = fd
            .datasync(descriptor)
            .catch(() => undefined)
            .then(() => {
              writeback = null;
            });
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(
        source,
        meter,
        createWriteStream('', {
          fd: descriptor,
          autoClose: false,
          emitClose: false,
          highWaterMark: 256 * 1024,
        }),
      );
      await writeback;
    } catch (err) {
      await writeback;
      await fd.close(descriptor).catch(() => undefined);
      await removeQuietly(tempPath);
      throw err;
    }
    return this.pending(tempPath, descriptor, hash.digest('hex'), size);
  }

  private pending(tempPath: string, descriptor: number, sha256: string, size: number): PendingContent {
    let state: 'pending' | 'committed' | 'discarded' = 'pending';
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await fd.close(descriptor);
    };
    const sync = async () => {
      if (closed) return;
      await fd.sync(descriptor);
      await close();
    };
    return {
      sha256,
      size,
      read: async (offset, length) => {
        if (closed) throw new Error('pending content can only be read before it is synced');
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await fd.read(descriptor, buffer, 0, buffer.length, offset);
        return buffer.subarray(0, bytesRead);
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
        await close().catch(() => undefined);
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
