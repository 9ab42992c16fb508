import { inflateRawSync } from 'node:zlib';
import type { OfficeDocument } from './evidence-type';

/** Reads `length` bytes at `offset` of the content being inspected (fewer at its end). */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_CENTRAL_DIRECTORY = 16 * 1024 * 1024;
const MAX_ENTRIES = 100_000;
/** [Content_Types].xml and mimetype are small; a bigger one is not a document we accept. */
const MAX_MEMBER_BYTES = 1024 * 1024;

const OOXML_MAIN_TYPES: ReadonlyArray<[Exclude<OfficeDocument, 'odt'>, string, string]> = [
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'word/'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'xl/'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', 'ppt/'],
];
const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';

/** The central directory of a zip archive, or null when it is not a readable zip. */
export async function readZipEntries(read: ReadAt, size: number): Promise<ZipEntry[] | null> {
  const tailLength = Math.min(size, 22 + 0xffff);
  if (tailLength < 22) return null;
  const tailStart = size - tailLength;
  const tail = await read(tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (eocd < 20 || tail.readUInt32LE(eocd - 20) !== ZIP64_LOCATOR) return null;
    const zip64Offset = Number(tail.readBigUInt64LE(eocd - 20 + 8));
    const record = await read(zip64Offset, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) return null;
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (count > MAX_ENTRIES || cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > size) return null;
  const cd = await read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_HEADER) return null;
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLength > cd.length) return null;
    entries.push({
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of a small stored or deflated member, or null when unreadable. */
export async function readZipMember(read: ReadAt, entry: ZipEntry): Promise<Buffer | null> {
  if (entry.compressedSize > MAX_MEMBER_BYTES || entry.size > MAX_MEMBER_BYTES) return null;
  const header = await read(entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) return null;
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = await read(dataStart, entry.compressedSize);
  if (data.length !== entry.compressedSize) return null;
  if (entry.method === 0) return data;
  if (entry.method !== 8) return null;
  try {
    return inflateRawSync(data, { maxOutputLength: MAX_MEMBER_BYTES });
  } catch {
    return null;
  }
}

/**
 * Which office document a zip archive really is, by its structure: an OOXML package must
 * declare the main part of a Word, Excel or PowerPoint document in [Content_Types].xml and
 * contain that part's folder; an ODF text document starts with an uncompressed `mimetype`
 * member saying so. Anything else (a plain zip, macro-enabled documents, templates) → null.
 */
export async function identifyOfficeDocument(read: ReadAt, size: number): Promise<OfficeDocument | null> {
  const entries = await readZipEntries(read, size);
  if (!entries) return null;
  const byName = new Map(entries.map((e) => [e.name, e]));

  const mimetype = byName.get('mimetype');
  if (mimetype && mimetype.localHeaderOffset === 0 && mimetype.method === 0) {
    const value = await readZipMember(read, mimetype);
    if (
      value?.toString('latin1') === ODT_MIMETYPE &&
      byName.has('content.xml') &&
      byName.has('META-INF/manifest.xml')
    ) {
      return 'odt';
    }
    return null;
  }

  const contentTypes = byName.get('[Content_Types].xml');
  if (!contentTypes || !byName.has('_rels/.rels')) return null;
  const xml = (await readZipMember(read, contentTypes))?.toString('utf8');
  if (!xml) return null;
  for (const [kind, mainType, folder] of OOXML_MAIN_TYPES) {
    if (xml.includes(`ContentType="${mainType}"`) && entries.some((e) => e.name.startsWith(folder))) {
      return kind;
    }
  }
  return null;
}
