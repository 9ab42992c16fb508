import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { ContentMissingError, EvidenceStorage } from './storage/evidence-storage';

export type VerificationOutcome =
  | { ok: true; sha256: string }
  | { ok: false; reason: 'mismatch'; sha256: string }
  | { ok: false; reason: 'missing'; sha256: null };

/** Re-reads stored content and recomputes its SHA-256 against the hash it was stored under. */
export async function verifyStoredContent(
  storage: EvidenceStorage,
  expectedSha256: string,
): Promise<VerificationOutcome> {
  let stream;
  try {
    stream = await storage.get(expectedSha256);
  } catch (err) {
    if (err instanceof ContentMissingError) return { ok: false, reason: 'missing', sha256: null };
    throw err;
  }
  const hash = createHash('sha256');
  await pipeline(stream, hash);
  const sha256 = hash.digest('hex');
  return sha256 === expectedSha256 ? { ok: true, sha256 } : { ok: false, reason: 'mismatch', sha256 };
}
