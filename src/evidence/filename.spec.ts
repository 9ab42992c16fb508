import { contentDisposition, FALLBACK_FILENAME, MAX_FILENAME_LENGTH, sanitiseFilename } from './filename';

describe(sanitiseFilename.name, () => {
  it.each([
    ['letter.pdf', 'letter.pdf'],
    ['../../x', 'x'],
    ['..\\..\\windows\\system32\\evil.pdf', 'evil.pdf'],
    ['/etc/passwd', 'passwd'],
    ['a\r\nX-Injected: yes\r\n.pdf', 'aX-Injected: yes.pdf'],
    ['say "hello".txt', 'say hello.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['photo\u2066\u2069\u200F.jpg', 'photo.jpg'],
    ['nul\u0000byte.pdf', 'nulbyte.pdf'],
    ['  spaced   out  .txt  ', 'spaced out .txt'],
    ['.hidden', 'hidden'],
    ['..', FALLBACK_FILENAME],
    ['', FALLBACK_FILENAME],
    ['/', FALLBACK_FILENAME],
    ['Lettre de l’exécutif.pdf', 'Lettre de l’exécutif.pdf'],
    ['zero\u200Bwidth.txt', 'zerowidth.txt'],
  ])('turns %j into %j', (raw, expected) => {
    expect(sanitiseFilename(raw)).toBe(expected);
  });

  it('returns the fallback for undefined and null', () => {
    expect(sanitiseFilename(undefined)).toBe(FALLBACK_FILENAME);
    expect(sanitiseFilename(null)).toBe(FALLBACK_FILENAME);
  });

  it('caps a 1,000-character name and keeps its extension', () => {
    const name = sanitiseFilename(`${'a'.repeat(1000)}.pdf`);
    expect(name).toHaveLength(MAX_FILENAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('caps by code points without splitting an emoji', () => {
    const name = sanitiseFilename('😀'.repeat(500));
    expect(Array.from(name)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(name).toBe('😀'.repeat(MAX_FILENAME_LENGTH));
  });

  it('composes to NFC', () => {
    expect(sanitiseFilename('e\u0301.txt')).toBe('\u00e9.txt');
  });
});

describe(contentDisposition.name, () => {
  it('gives a plain quoted filename for ASCII names', () => {
    expect(contentDisposition('letter.pdf')).toBe('attachment; filename="letter.pdf"');
  });

  it('adds filename* with UTF-8 percent-encoding for non-ASCII names', () => {
    expect(contentDisposition('Lettre exécutif.pdf')).toBe(
      `attachment; filename="Lettre executif.pdf"; filename*=UTF-8''Lettre%20ex%C3%A9cutif.pdf`,
    );
  });

  it('encodes apostrophes and parentheses in filename*', () => {
    expect(contentDisposition('O’Brien (copy).pdf')).toBe(
      `attachment; filename="O_Brien (copy).pdf"; filename*=UTF-8''O%E2%80%99Brien%20%28copy%29.pdf`,
    );
  });

  it('keeps percent signs and semicolons out of the quoted fallback', () => {
    expect(contentDisposition('100%; sure.txt')).toBe(
      `attachment; filename="100_ sure.txt"; filename*=UTF-8''100%25%3B%20sure.txt`,
    );
  });

  it.each([
    '../../x',
    'a\r\nSet-Cookie: x=1\r\n.pdf',
    'say "hi"\\.txt',
    'evil\u202Egpj.exe',
    `${'ü'.repeat(1000)}.pdf`,
  ])('never lets %j break out of the header', (raw) => {
    const header = contentDisposition(raw);
    // eslint-disable-next-line no-control-regex
    expect(header).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    expect(header).toMatch(
      /^attachment; filename="[^"\\/]*"(; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+)?$/,
    );
  });
});
