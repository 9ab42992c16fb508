import {
  createHash,
  createPrivateKey,
  createPublicKey,
  KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';

/**
 * C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys, and C2SP tlog-checkpoint
 * (https://c2sp.org/tlog-checkpoint) on top of it. Keys are written as Go's
 * golang.org/x/mod/sumdb/note writes them, so the log's key and checkpoints work with the
 * tools of the transparency-log ecosystem:
 *
 *   verifier key  <name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte public key)>
 *   signer key    PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte seed)>
 *   key id        first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)
 */

const ALG_ED25519 = 0x01;
// DER prefixes that turn a raw 32-byte Ed25519 seed or public key into PKCS#8 / SPKI for node:crypto.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** More signatures than any note of ours carries; the spec asks verifiers to accept at least 16. */
const MAX_SIGNATURES = 100;

export class NoteError extends Error {}

export interface NoteSigner {
  name: string;
  keyId: Buffer;
  publicKey: Buffer;
  privateKey: KeyObject;
}

export interface NoteVerifier {
  name: string;
  keyId: Buffer;
  publicKey: KeyObject;
}

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

export function noteKeyId(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(name)
    .update(Buffer.from([0x0a, ALG_ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

function publicKeyOfSeed(seed: Buffer): Buffer {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_PREFIX.length);
}

/** A new signer key in its text form, for a log called name. */
export function generateSignerKey(name: string): string {
  if (!isValidKeyName(name)) throw new NoteError(`"${name}" cannot name a key (no spaces or +)`);
  const seed = randomBytes(32);
  const id = noteKeyId(name, publicKeyOfSeed(seed));
  return `PRIVATE+KEY+${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString('base64')}`;
}

export function parseSignerKey(text: string): NoteSigner {
  const m = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text);
  if (!m) throw new NoteError('not a signer key (PRIVATE+KEY+<name>+<id>+<key>)');
  const [, name, idHex, b64] = m;
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ALG_ED25519 || raw.toString('base64') !== b64) {
    throw new NoteError('the signer key is not an Ed25519 key');
  }
  const seed = raw.subarray(1);
  const publicKey = publicKeyOfSeed(seed);
  const keyId = noteKeyId(name, publicKey);
  if (keyId.toString('hex') !== idHex) throw new NoteError('the signer key id does not match its key');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { name, keyId, publicKey, privateKey };
}

/**
 * The seed (base64) of a log's signing key as configured: 32 random bytes in base64, or a signer
 * key in the text form above, which must then be named after the log's origin.
 */
export function signingSeedOf(text: string, origin: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('PRIVATE+KEY+')) {
    const signer = parseSignerKey(trimmed);
    if (signer.name !== origin)
      throw new NoteError(`is the key of "${signer.name}", not of LOG_ORIGIN "${origin}"`);
    return Buffer.from(trimmed.split('+').slice(4).join('+'), 'base64').subarray(1).toString('base64');
  }
  const seed = Buffer.from(trimmed, 'base64');
  if (seed.length !== 32 || seed.toString('base64') !== trimmed) {
    throw new NoteError(
      'must be 32 random bytes in base64 (openssl rand -base64 32), or a PRIVATE+KEY+ signer key',
    );
  }
  return trimmed;
}

/** The signer of the log called name, from its key's seed (base64). */
export function signerOf(name: string, seedBase64: string): NoteSigner {
  const seed = Buffer.from(seedBase64, 'base64');
  const publicKey = publicKeyOfSeed(seed);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { name, keyId: noteKeyId(name, publicKey), publicKey, privateKey };
}

/** The verifier key, in the text form a verifier pins (GET /api/log/key). */
export function verifierKeyOf(signer: NoteSigner): string {
  return `${signer.name}+${signer.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ALG_ED25519]), signer.publicKey]).toString('base64')}`;
}

export function parseVerifierKey(text: string): NoteVerifier {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  if (!m) throw new NoteError('not a verifier key (<name>+<id>+<key>)');
  const [, name, idHex, b64] = m;
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ALG_ED25519 || raw.toString('base64') !== b64) {
    throw new NoteError('the verifier key is not an Ed25519 key');
  }
  const keyId = noteKeyId(name, raw.subarray(1));
  if (keyId.toString('hex') !== idHex) throw new NoteError('the verifier key id does not match its key');
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, raw.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  return { name, keyId, publicKey };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends with a newline');
  // No ASCII control character but newline (the spec).
  if ([...text].some((c) => c < ' ' && c !== '\n')) {
    throw new NoteError('a note text has no control characters');
  }
}

/** Signs text (which ends in a newline) as a signed note with one signature. */
export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  return `${text}\n— ${signer.name} ${Buffer.concat([signer.keyId, signature]).toString('base64')}\n`;
}

export interface OpenedNote {
  text: string;
  /** Names of the known keys whose signatures verified. */
  verifiedBy: string[];
}

/**
 * Opens a signed note: the text is returned only when at least one signature from a known key
 * verifies. Signatures of unknown keys are ignored; a known key's bad signature rejects the note.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  checkText(note);
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note: no signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed note: too many signatures');
  const verifiedBy: string[] = [];
  for (const line of lines) {
    const m = /^— ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!m) throw new NoteError('malformed note: bad signature line');
    const [, name, b64] = m;
    const raw = Buffer.from(b64, 'base64');
    if (raw.length < 5 || raw.toString('base64') !== b64)
      throw new NoteError('malformed note: bad signature');
    const keyId = raw.subarray(0, 4);
    const key = verifiers.find((v) => v.name === name && v.keyId.equals(keyId));
    if (!key) continue;
    if (!verify(null, Buffer.from(text, 'utf8'), key.publicKey, raw.subarray(4))) {
      throw new NoteError(`invalid signature for key ${name}+${keyId.toString('hex')}`);
    }
    verifiedBy.push(name);
  }
  if (verifiedBy.length === 0) throw new NoteError('note has no verifiable signatures');
  return { text, verifiedBy };
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

/** The checkpoint's note text: origin, tree size, base64 root, each on its line (no extensions). */
export function formatCheckpoint(c: Checkpoint): string {
  if (!isValidKeyName(c.origin)) throw new NoteError('the origin has no spaces or +');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new NoteError(`bad tree size ${c.size}`);
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

export function parseCheckpointText(text: string): Checkpoint & { extensions: string[] } {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new NoteError('malformed checkpoint');
  const [origin, sizeText, rootText, ...rest] = lines.slice(0, -1);
  if (!origin) throw new NoteError('malformed checkpoint: no origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new NoteError('malformed checkpoint: bad tree size');
  }
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText)
    throw new NoteError('malformed checkpoint: bad root hash');
  if (rest.some((l) => l === '')) throw new NoteError('malformed checkpoint: empty extension line');
  return { origin, size: Number(sizeText), root, extensions: rest };
}

export function signCheckpoint(c: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(c), signer);
}

/** Opens a signed checkpoint with the pinned key, and checks it is of the expected origin. */
export function openCheckpoint(note: string, key: NoteVerifier, origin: string = key.name): Checkpoint {
  const { text } = openNote(note, [key]);
  const checkpoint = parseCheckpointText(text);
  if (checkpoint.origin !== origin)
    throw new NoteError(`checkpoint of origin "${checkpoint.origin}", expected "${origin}"`);
  return checkpoint;
}
