import vectors from './fixtures/note-vectors.json';
import {
  generateSignerKey,
  openCheckpoint,
  openNote,
  parseCheckpointText,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  signerOf,
  signingSeedOf,
  signNote,
  verifierKeyOf,
} from './signed-note';

const peterSig = vectors.signed.slice(vectors.text.length + 1);

describe('signed notes against the Go note package vector', () => {
  it('signs the published text byte for byte as golang.org/x/mod/sumdb/note does', () => {
    const signer = parseSignerKey(vectors.signerKey);
    expect(signNote(vectors.text, signer)).toBe(vectors.signed);
  });

  it('derives the published verifier key (key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]) from the signer key', () => {
    const signer = parseSignerKey(vectors.signerKey);
    expect(signer.keyId.toString('hex')).toBe('c74f20a3');
    expect(verifierKeyOf(signer)).toBe(vectors.verifierKey);
  });

  it('opens the published note, ignoring a signature of an unknown key', () => {
    const peter = parseVerifierKey(vectors.verifierKey);
    const opened = openNote(vectors.signed + vectors.otherSignatureLine, [peter]);
    expect(opened).toEqual({ text: vectors.text, verifiedBy: ['PeterNeumann'] });
    const both = openNote(vectors.signed + vectors.otherSignatureLine, [
      peter,
      parseVerifierKey(vectors.otherVerifierKey),
    ]);
    expect(both.verifiedBy).toEqual(['PeterNeumann', 'EnochRoot']);
  });

  it('refuses a note no known key signed', () => {
    expect(() => openNote(vectors.signed, [parseVerifierKey(vectors.otherVerifierKey)])).toThrow(
      'no verifiable signatures',
    );
  });

  it('refuses a note whose known key signature does not verify', () => {
    const bad = vectors.text + '\n' + peterSig.slice(0, 60) + 'ABCD' + peterSig.slice(60);
    expect(() => openNote(bad, [parseVerifierKey(vectors.verifierKey)])).toThrow(
      'invalid signature for key PeterNeumann+c74f20a3',
    );
    const changedText = vectors.signed.replace('cryptography', 'cryptographY');
    expect(() => openNote(changedText, [parseVerifierKey(vectors.verifierKey)])).toThrow('invalid signature');
  });

  it.each([
    ['text only', vectors.text],
    ['no signature after the blank line', vectors.text + '\n'],
    ['no final newline', vectors.text + '\n' + peterSig.slice(0, -1)],
    ['a control character', '\x01' + vectors.text + '\n' + peterSig],
    ['a key name with a space', vectors.text + '\n' + peterSig.replace('PeterNeumann', 'Bad Name')],
    ['a line after the signatures', vectors.text + '\n' + peterSig + 'Unexpected line.\n'],
    ['too many signatures', vectors.text + '\n' + peterSig.repeat(101)],
  ])('refuses a malformed note: %s', (_name, note) => {
    expect(() => openNote(note, [parseVerifierKey(vectors.verifierKey)])).toThrow();
  });

  it('refuses mangled verifier keys', () => {
    for (const k of vectors.badVerifierKeys) expect(() => parseVerifierKey(k)).toThrow();
    const b = Buffer.from(vectors.verifierKey);
    for (let i = 0; i < b.length; i++) {
      const mangled = Buffer.from(b);
      mangled[i]++;
      expect(() => parseVerifierKey(mangled.toString())).toThrow();
    }
  });

  it('refuses mangled signer keys', () => {
    const b = Buffer.from(vectors.signerKey);
    for (let i = 0; i < b.length; i++) {
      const mangled = Buffer.from(b);
      mangled[i]++;
      expect(() => parseSignerKey(mangled.toString())).toThrow();
    }
  });
});

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  const signer = parseSignerKey(generateSignerKey('caseline.example/log'));
  const key = parseVerifierKey(verifierKeyOf(signer));
  const root = Buffer.alloc(32, 7);

  it('writes origin, size and base64 root on three lines, signed by the origin-named key', () => {
    const note = signCheckpoint({ origin: 'caseline.example/log', size: 42, root }, signer);
    expect(note.split('\n').slice(0, 4)).toEqual(['caseline.example/log', '42', root.toString('base64'), '']);
    expect(note).toMatch(/\n\n— caseline\.example\/log [A-Za-z0-9+/]+=*\n$/);
    expect(openCheckpoint(note, key)).toEqual({
      origin: 'caseline.example/log',
      size: 42,
      root,
      extensions: [],
    });
  });

  it('refuses a checkpoint of another origin or signed by another key', () => {
    const note = signCheckpoint({ origin: 'caseline.example/log', size: 1, root }, signer);
    expect(() => openCheckpoint(note, key, 'elsewhere.example/log')).toThrow('origin');
    const other = parseVerifierKey(verifierKeyOf(parseSignerKey(generateSignerKey('caseline.example/log'))));
    expect(() => openCheckpoint(note, other)).toThrow();
  });

  it.each([
    ['a leading zero', 'o\n042\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n'],
    ['a short root', 'o\n42\nBwcH\n'],
    ['no root', 'o\n42\n'],
    ['an empty origin', '\n42\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n'],
  ])('refuses checkpoint text with %s', (_name, text) => {
    expect(() => parseCheckpointText(text)).toThrow('malformed checkpoint');
  });
});

describe('signingSeedOf (LOG_SIGNING_KEY)', () => {
  const seed = Buffer.alloc(32, 9).toString('base64');

  it('takes 32 bytes in base64 as the seed, whose signer is named after the origin', () => {
    expect(signingSeedOf(` ${seed}\n`, 'any.example/log')).toBe(seed);
    expect(signerOf('any.example/log', seed).name).toBe('any.example/log');
  });

  it('takes a signer key of the origin, and gives the same signer as the Go note package', () => {
    const fromGo = signingSeedOf(vectors.signerKey, 'PeterNeumann');
    expect(verifierKeyOf(signerOf('PeterNeumann', fromGo))).toBe(vectors.verifierKey);
  });

  it.each([
    ['a signer key of another origin', vectors.signerKey, 'of "PeterNeumann", not of LOG_ORIGIN'],
    ['31 bytes', Buffer.alloc(31).toString('base64'), '32 random bytes'],
    ['not base64', 'not a key at all, not a key at all, not a key', '32 random bytes'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => signingSeedOf(text, 'caseline.example/log')).toThrow(message);
  });
});
