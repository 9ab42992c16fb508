import { classifyText, decideEvidenceType, looksLikeZip, SniffResult, TextScanner } from './evidence-type';

describe(decideEvidenceType.name, () => {
  it.each<[string, SniffResult, string]>([
    ['PDF', { magic: { mime: 'application/pdf', ext: 'pdf' } }, 'application/pdf'],
    ['PNG', { magic: { mime: 'image/png', ext: 'png' } }, 'image/png'],
    ['JPEG', { magic: { mime: 'image/jpeg', ext: 'jpg' } }, 'image/jpeg'],
    ['GIF', { magic: { mime: 'image/gif', ext: 'gif' } }, 'image/gif'],
    ['WebP', { magic: { mime: 'image/webp', ext: 'webp' } }, 'image/webp'],
    ['HEIC', { magic: { mime: 'image/heic', ext: 'heic' } }, 'image/heic'],
    ['HEIF', { magic: { mime: 'image/heif', ext: 'heic' } }, 'image/heif'],
    ['MP3', { magic: { mime: 'audio/mpeg', ext: 'mp3' } }, 'audio/mpeg'],
    ['M4A', { magic: { mime: 'audio/x-m4a', ext: 'm4a' } }, 'audio/mp4'],
    ['M4B/audio mp4', { magic: { mime: 'audio/mp4', ext: 'm4b' } }, 'audio/mp4'],
    ['WAV', { magic: { mime: 'audio/wav', ext: 'wav' } }, 'audio/wav'],
    ['OGG Vorbis', { magic: { mime: 'audio/ogg', ext: 'ogg' } }, 'audio/ogg'],
    ['OGG Opus', { magic: { mime: 'audio/ogg; codecs=opus', ext: 'opus' } }, 'audio/ogg'],
    ['MP4', { magic: { mime: 'video/mp4', ext: 'mp4' } }, 'video/mp4'],
    ['MOV', { magic: { mime: 'video/quicktime', ext: 'mov' } }, 'video/quicktime'],
    [
      'DOCX',
      { magic: { mime: 'application/zip', ext: 'zip' }, container: 'docx' },
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['XLSX', { container: 'xlsx' }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [
      'PPTX',
      { container: 'pptx' },
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['ODT', { container: 'odt' }, 'application/vnd.oasis.opendocument.text'],
    ['plain text', { text: 'plain' }, 'text/plain'],
    ['CSV', { text: 'csv' }, 'text/csv'],
    ['EML', { text: 'eml' }, 'message/rfc822'],
  ])('accepts %s', (_label, sniff, mimeType) => {
    expect(decideEvidenceType(sniff)).toEqual({ allowed: true, mimeType });
  });

  it.each<[string, SniffResult, string]>([
    ['ELF binary', { magic: { mime: 'application/x-elf', ext: 'elf' } }, 'application/x-elf'],
    [
      'Windows executable',
      { magic: { mime: 'application/x-msdownload', ext: 'exe' } },
      'application/x-msdownload',
    ],
    ['SVG/XML', { magic: { mime: 'application/xml', ext: 'xml' } }, 'application/xml'],
    ['RTF', { magic: { mime: 'application/rtf', ext: 'rtf' } }, 'application/rtf'],
    ['gzip', { magic: { mime: 'application/gzip', ext: 'gz' } }, 'application/gzip'],
    ['AVIF', { magic: { mime: 'image/avif', ext: 'avif' } }, 'image/avif'],
    ['Ogg Theora video', { magic: { mime: 'video/ogg', ext: 'ogv' } }, 'video/ogg'],
    ['HEIC sequence', { magic: { mime: 'image/heic-sequence', ext: 'heic' } }, 'image/heic-sequence'],
    ['a plain zip', { magic: { mime: 'application/zip', ext: 'zip' }, container: null }, 'application/zip'],
    [
      'a zip that file-type calls DOCX but is not one',
      {
        magic: {
          mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          ext: 'docx',
        },
        container: null,
      },
      'application/zip',
    ],
    ['HTML', { text: 'markup' }, 'text/html'],
    ['binary without magic', { text: null }, 'application/octet-stream'],
    ['nothing sniffed', {}, 'application/octet-stream'],
  ])('refuses %s', (_label, sniff, detected) => {
    expect(decideEvidenceType(sniff)).toEqual({ allowed: false, detected });
  });
});

describe(looksLikeZip.name, () => {
  it('recognises a local file header and an empty archive', () => {
    expect(looksLikeZip(Buffer.from([0x50, 0x4b, 3, 4, 0]))).toBe(true);
    expect(looksLikeZip(Buffer.from([0x50, 0x4b, 5, 6, 0]))).toBe(true);
  });
  it('rejects anything else', () => {
    expect(looksLikeZip(Buffer.from('PK'))).toBe(false);
    expect(looksLikeZip(Buffer.from('%PDF-1.4'))).toBe(false);
  });
});

describe(TextScanner.name, () => {
  const scan = (...chunks: Buffer[]) => {
    const s = new TextScanner();
    chunks.forEach((c) => s.push(c));
    return s.isText;
  };

  it('accepts UTF-8 text with tabs and both line endings', () => {
    expect(scan(Buffer.from('a\tb\r\nc\nd — “é” 😀'))).toBe(true);
  });

  it('accepts a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('x😀y');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(scan(bytes.subarray(0, cut), bytes.subarray(cut))).toBe(true);
    }
  });

  it('refuses a character cut off at the end', () => {
    expect(scan(Buffer.from('x😀').subarray(0, 3))).toBe(false);
  });

  it.each([
    ['NUL', Buffer.from([0x61, 0x00, 0x62])],
    ['escape', Buffer.from('a\u001b[31mred')],
    ['form feed', Buffer.from('a\fb')],
    ['DEL', Buffer.from([0x61, 0x7f])],
    ['a C1 control', Buffer.from('a\u0085b')],
    ['invalid UTF-8', Buffer.from([0x61, 0xff, 0x62])],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
    ['Latin-1 text', Buffer.from('caf\xe9', 'latin1')],
  ])('refuses %s', (_label, bytes) => {
    expect(scan(bytes)).toBe(false);
  });

  it('refuses empty content', () => {
    expect(scan()).toBe(false);
  });
});

describe(classifyText.name, () => {
  it.each<[string, string, string]>([
    ['a note', 'Phone call with the regional office.\nThey said no.\n', 'plain'],
    ['a CSV', 'date,who\n2019-03-01,NEC\n2019-03-04,"member, notified"\n', 'csv'],
    ['a semicolon CSV', 'date;who\n2019-03-01;NEC\n', 'csv'],
    ['prose with commas', 'Dear all, thanks.\nWe met on Monday.\n', 'plain'],
    [
      'an email',
      'From: a@example.org\r\nSubject: Notice\r\nDate: Mon, 4 Mar 2019 09:00:00 +0000\r\n\r\nBody\r\n',
      'eml',
    ],
    ['an email with folded headers', 'Received: from x\n\tby y\nFrom: a@b\nTo: c@d\n\nhi', 'eml'],
    ['an HTML page', '<!DOCTYPE html><html><body>x</body></html>', 'markup'],
    ['HTML after a BOM and blank lines', '\ufeff\n\n  <html><script>x</script></html>', 'markup'],
    ['an SVG image', '<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'markup'],
    ['a script hidden after a line of text', 'hello\n<script>alert(1)</script>', 'markup'],
    ['one header line only', 'Subject: hello\n\nbody', 'plain'],
  ])('reads %s as %s', (_label, text, kind) => {
    expect(classifyText(text)).toBe(kind);
  });
});
