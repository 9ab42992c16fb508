import { deflateRawSync } from 'node:zlib';

/**
 * Small, valid-enough files of every kind the evidence upload sniffs, built from bytes so no
 * binary fixture lives in the repository.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface ZipMember {
  name: string;
  data: Buffer | string;
  /** Stored (no compression) instead of deflated. */
  store?: boolean;
}

/** A minimal but standard zip archive (local headers, central directory, end record). */
export function zip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const raw = Buffer.isBuffer(member.data) ? member.data : Buffer.from(member.data, 'utf8');
    const data = member.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(member.name, 'utf8');
    const method = member.store ? 0 : 8;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="PART"/></Relationships>';

function contentTypes(partName: string, mainType: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/${partName}" ContentType="${mainType}"/></Types>`
  );
}

function ooxml(partName: string, mainType: string, body: string): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: contentTypes(partName, mainType) },
    { name: '_rels/.rels', data: RELS.replace('PART', partName) },
    { name: partName, data: body },
  ]);
}

export const fixtures = {
  pdf(text = 'Suspension letter'): Buffer {
    return Buffer.from(
      `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% ${text}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
      'latin1',
    );
  },
  png(): Buffer {
    const chunk = (type: string, data: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([len, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(1, 0);
    ihdr.writeUInt32BE(1, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // truecolour
    const pixels = deflateRawSync(Buffer.from([0, 255, 0, 0]));
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', pixels),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  },
  jpeg(): Buffer {
    return Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.from('JFIF\0', 'latin1'),
      Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
      Buffer.alloc(64, 0x11),
      Buffer.from([0xff, 0xd9]),
    ]);
  },
  gif(): Buffer {
    return Buffer.from('474946383961010001000000002c00000000010001000002024401003b', 'hex');
  },
  webp(): Buffer {
    const body = Buffer.concat([Buffer.from('WEBPVP8 ', 'latin1'), Buffer.alloc(24, 1)]);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(body.length);
    return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, body]);
  },
  /** An ISO base media file with the given major brand (mp42 → MP4, qt → MOV, M4A, heic). */
  isoMedia(brand: string, payload = 512): Buffer {
    const ftyp = Buffer.alloc(24);
    ftyp.writeUInt32BE(24, 0);
    ftyp.write('ftyp', 4, 'latin1');
    ftyp.write(brand.padEnd(4, ' '), 8, 'latin1');
    ftyp.write('isom', 16, 'latin1');
    const mdat = Buffer.alloc(8 + payload);
    mdat.writeUInt32BE(8 + payload, 0);
    mdat.write('mdat', 4, 'latin1');
    for (let i = 8; i < mdat.length; i++) mdat[i] = (i * 7) & 0xff;
    return Buffer.concat([ftyp, mdat]);
  },
  /** PCM WAV of `samples` 16-bit mono samples (a ramp, so every slice differs). */
  wav(samples = 4000): Buffer {
    const data = Buffer.alloc(samples * 2);
    for (let i = 0; i < samples; i++) data.writeInt16LE(((i * 37) % 65536) - 32768, i * 2);
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'latin1');
    header.writeUInt32LE(36 + data.length, 4);
    header.write('WAVE', 8, 'latin1');
    header.write('fmt ', 12, 'latin1');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(16000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'latin1');
    header.writeUInt32LE(data.length, 40);
    return Buffer.concat([header, data]);
  },
  /** MPEG-1 Layer III frames behind an ID3v2 tag. */
  mp3(frames = 8): Buffer {
    const id3 = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
    const frame = Buffer.alloc(417);
    frame.set([0xff, 0xfb, 0x90, 0x64]);
    return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)]);
  },
  ogg(): Buffer {
    const page = Buffer.alloc(58);
    page.write('OggS', 0, 'latin1');
    page[26] = 1;
    page[27] = 30;
    page.set([0x01, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73], 28);
    return page;
  },
  docx(text = 'Notes of the hearing'): Buffer {
    return ooxml(
      'word/document.xml',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
    );
  },
  docm(): Buffer {
    return ooxml(
      'word/document.xml',
      'application/vnd.ms-word.document.macroEnabled.main+xml',
      '<w:document/>',
    );
  },
  xlsx(): Buffer {
    return ooxml(
      'xl/workbook.xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
      '<workbook/>',
    );
  },
  pptx(): Buffer {
    return ooxml(
      'ppt/presentation.xml',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
      '<p:presentation/>',
    );
  },
  odt(): Buffer {
    return zip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'content.xml', data: '<office:document-content/>' },
      { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>' },
    ]);
  },
  /** An ODF spreadsheet: a real zip document, but not one we accept. */
  ods(): Buffer {
    return zip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true },
      { name: 'content.xml', data: '<office:document-content/>' },
      { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>' },
    ]);
  },
  /** A plain zip archive that merely contains a folder named word/. */
  plainZip(): Buffer {
    return zip([
      { name: 'readme.txt', data: 'just an archive' },
      { name: 'word/notes.txt', data: 'not a document' },
    ]);
  },
  elf(): Buffer {
    const elf = Buffer.alloc(128);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    elf.writeUInt16LE(2, 16);
    elf.writeUInt16LE(0x3e, 18);
    return elf;
  },
  html(): Buffer {
    return Buffer.from('<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n');
  },
  text(): Buffer {
    return Buffer.from(
      'Phone call with the regional office, 3 March 2019.\nThey said the letter was sent in error — “no case to answer”.\n',
    );
  },
  csv(): Buffer {
    return Buffer.from(
      'date,who,what\n2019-03-01,NEC,"suspension, administrative"\n2019-03-04,member,notified\n',
    );
  },
  eml(): Buffer {
    return Buffer.from(
      'From: Compliance Unit <compliance@example.org>\r\nTo: member@example.org\r\nSubject: Notice of administrative suspension\r\nDate: Mon, 4 Mar 2019 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDear member,\r\nYou are suspended.\r\n',
    );
  },
};
