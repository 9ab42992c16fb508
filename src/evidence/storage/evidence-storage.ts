import type { Readable } from 'node:stream';
import type { ByteRange } from '../byte-range';

/** Where evidence content lives, addressed by its SHA-256. Local disk now; an object store later. */
export interface EvidenceStorage {
  /**
   * Streams `source` to a temporary place, computing SHA-256 and size in the same pass.
   * Rejects with {@link ContentTooLargeError} as soon as more than `maxBytes` arrive, and on
   * any stream error; in every failure the temporary content is already gone.
   */
  put(source: Readable, options: PutOptions): Promise<PendingContent>;
  /** The stored content (or one inclusive byte range of it). Rejects with {@link ContentMissingError}. */
  get(sha256: string, range?: ByteRange): Promise<Readable>;
  /** Removes stored content; absent content is not an error. */
  delete(sha256: string): Promise<void>;
  exists(sha256: string): Promise<boolean>;
}

export interface PutOptions {
  maxBytes: number;
  /** Sees every chunk in order as it is written (for checks that need the whole content). */
  observe?: (chunk: Buffer) => void;
}

/** Content that has fully arrived but is not stored yet. */
export interface PendingContent {
  readonly sha256: string;
  readonly size: number;
  /** Reads part of the pending content (for sniffing its type). */
  read(offset: number, length: number): Promise<Buffer>;
  /** Makes the pending bytes durable (fsync) without publishing them. Idempotent. */
  sync(): Promise<void>;
  /**
   * Publishes the content under its hash: durable, atomic, all or nothing. Resolves true when no
   * content with this hash was stored before (this call created it).
   */
  commit(): Promise<boolean>;
  /** Drops the pending content. A no-op after commit; safe to call more than once. */
  discard(): Promise<void>;
}

export class ContentTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`content exceeds ${maxBytes} bytes`);
    this.name = 'ContentTooLargeError';
  }
}

export class ContentMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`no stored content for ${sha256}`);
    this.name = 'ContentMissingError';
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Injection token for the storage implementation. */
export const EVIDENCE_STORAGE = Symbol('EvidenceStorage');
