import { isUtf8 } from 'node:buffer';

/**
 * Which files Caseline accepts as evidence, decided from the content alone: the client's
 * Content-Type and file extension are never consulted.
 */

export type OfficeDocument = 'docx' | 'xlsx' | 'pptx' | 'odt';
export type TextKind = 'plain' | 'csv' | 'eml' | 'markup';

export interface SniffResult {
  /** What the magic bytes say (file-type), when they say anything. */
  magic?: { mime: string; ext: string };
  /** For a zip container: the office document its entries prove it to be, or null. */
  container?: OfficeDocument | null;
  /** For content without magic: how it reads as text, or null when it is not valid text. */
  text?: TextKind | null;
}

export type TypeDecision = { allowed: true; mimeType: string } | { allowed: false; detected: string };

/** Sniffed type → the type stored and served. Anything not listed is refused. */
export const ALLOWED_MAGIC_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'application/pdf',
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'image/heic': 'image/heic',
  'image/heif': 'image/heif',
  'audio/mpeg': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/mp4': 'audio/mp4',
  'audio/wav': 'audio/wav',
  'audio/ogg': 'audio/ogg',
  'audio/ogg; codecs=opus': 'audio/ogg',
  'video/mp4': 'video/mp4',
  'video/quicktime': 'video/quicktime',
};

export const OFFICE_TYPES: Readonly<Record<OfficeDocument, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
};

export const TEXT_TYPES: Readonly<Record<Exclude<TextKind, 'markup'>, string>> = {
  plain: 'text/plain',
  csv: 'text/csv',
  eml: 'message/rfc822',
};

export function decideEvidenceType(sniff: SniffResult): TypeDecision {
  if (sniff.container !== undefined) {
    return sniff.container
      ? { allowed: true, mimeType: OFFICE_TYPES[sniff.container] }
      : { allowed: false, detected: 'application/zip' };
  }
  if (sniff.magic) {
    const mimeType = ALLOWED_MAGIC_TYPES[sniff.magic.mime];
    return mimeType ? { allowed: true, mimeType } : { allowed: false, detected: sniff.magic.mime };
  }
  switch (sniff.text) {
    case 'plain':
    case 'csv':
    case 'eml':
      return { allowed: true, mimeType: TEXT_TYPES[sniff.text] };
    case 'markup':
      return { allowed: false, detected: 'text/html' };
    case null:
    case undefined:
      return { allowed: false, detected: 'application/octet-stream' };
    default:
      return assertNever(sniff.text);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}

/** True for content that starts like a zip archive (local file header, or an empty archive). */
export function looksLikeZip(head: Buffer): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
  );
}

/**
 * Streaming check that the whole content is UTF-8 without control bytes (tab, LF and CR
 * allowed). It gives up at the first bad byte, so binary content costs almost nothing.
 */
export class TextScanner {
  private valid = true;
  private carry: Buffer | null = null;
  private bytes = 0;

  push(chunk: Buffer): void {
    if (!this.valid) return;
    this.bytes += chunk.length;
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const tail = incompleteTail(data);
    const body = tail ? data.subarray(0, data.length - tail) : data;
    this.carry = tail ? Buffer.from(data.subarray(data.length - tail)) : null;
    if (!isUtf8(body) || hasControlBytes(body)) {
      this.valid = false;
      this.carry = null;
    }
  }

  /** Whole content valid text (and not empty)? Call after the last chunk. */
  get isText(): boolean {
    return this.valid && this.carry === null && this.bytes > 0;
  }
}

/** Bytes at the end that start a UTF-8 sequence the chunk does not finish (0 to 3). */
function incompleteTail(data: Buffer): number {
  for (let back = 1; back <= Math.min(3, data.length); back++) {
    const byte = data[data.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function hasControlBytes(data: Buffer): boolean {
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b < 0x20) {
      if (b !== 0x09 && b !== 0x0a && b !== 0x0d) return true;
    } else if (b === 0x7f) {
      return true;
    } else if (b === 0xc2 && data[i + 1] >= 0x80 && data[i + 1] <= 0x9f) {
      return true; // C1 control character U+0080..U+009F
    }
  }
  return false;
}

const MARKUP = /<(!doctype|html|head|body|script|iframe|svg|object|embed|\?xml|meta)[\s>/]/i;
const HEADER_LINE = /^[!-9;-~]+:[ \t]?/;
const MAIL_HEADERS = /^(from|to|date|subject|received|message-id|mime-version|return-path|delivered-to):/i;

/** How the beginning of a valid text file reads: an email, CSV, markup (refused) or plain text. */
export function classifyText(head: string): TextKind {
  const text = head.replace(/^\ufeff/, '');
  if (looksLikeEmail(text)) return 'eml';
  const start = text.trimStart();
  if (start.startsWith('<') || MARKUP.test(text.slice(0, 2048))) return 'markup';
  if (looksLikeCsv(text)) return 'csv';
  return 'plain';
}

function looksLikeEmail(text: string): boolean {
  const lines = text.split(/\r?\n/);
  let headers = 0;
  let mailHeaders = 0;
  for (const line of lines) {
    if (line === '') return headers >= 2 && mailHeaders >= 2;
    if (/^[ \t]/.test(line) && headers > 0) continue; // folded header continuation
    if (!HEADER_LINE.test(line)) return false;
    headers++;
    if (MAIL_HEADERS.test(line)) mailHeaders++;
  }
  return false;
}

/** At least two rows with the same number (≥ 1) of commas, semicolons or tabs outside quotes. */
function looksLikeCsv(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .slice(0, 50)
    .filter((l) => l.trim() !== '');
  // The last line of the sample may be cut short.
  if (lines.length > 2) lines.pop();
  if (lines.length < 2) return false;
  return [',', ';', '\t'].some((delimiter) => {
    const counts = lines.map((l) => countOutsideQuotes(l, delimiter));
    return counts[0] >= 1 && counts.every((c) => c === counts[0]);
  });
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count++;
  }
  return count;
}
