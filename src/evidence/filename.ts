/**
 * Filenames come from the client and are shown to people and sent back in headers, so they are
 * cleaned before they are stored and again when a Content-Disposition header is built.
 * They never decide where content is stored (that is the hash).
 */

export const MAX_FILENAME_LENGTH = 200;
export const FALLBACK_FILENAME = 'evidence';

// C0 and C1 control characters, DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidirectional overrides, embeddings, isolates and marks: they let "gpj.exe" display as "exe.jpg".
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Zero-width and other invisible formatting characters.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** Cuts a string to at most `max` code points without splitting a surrogate pair. */
function cutCodePoints(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join('');
}

/**
 * The name as given, made safe to store and display: only the last path segment, no control,
 * bidi or invisible characters, no double quotes or backslashes, no leading dots, NFC, at most
 * {@link MAX_FILENAME_LENGTH} characters (the extension is kept when the stem is shortened).
 */
export function sanitiseFilename(raw: string | undefined | null): string {
  if (!raw) return FALLBACK_FILENAME;
  let name = raw.normalize('NFC').replace(CONTROL, '').replace(BIDI, '').replace(INVISIBLE, '');
  // Path parts: both separators, whatever the client's platform.
  const segments = name.split(/[/\\]/);
  name = segments[segments.length - 1];
  name = name.replace(/["]/g, '').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (!name) return FALLBACK_FILENAME;
  if (Array.from(name).length > MAX_FILENAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? name.slice(dot) : '';
    if (ext && Array.from(ext).length <= 16) {
      name = cutCodePoints(name.slice(0, dot), MAX_FILENAME_LENGTH - Array.from(ext).length) + ext;
    } else {
      name = cutCodePoints(name, MAX_FILENAME_LENGTH);
    }
  }
  return name;
}

/** RFC 8187 attr-char: everything else is percent-encoded (encodeURIComponent leaves '()* alone). */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** An ASCII stand-in for old clients: accents dropped, anything else non-ASCII or unsafe → "_". */
function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_');
  return ascii.replace(/_+/g, '_') || FALLBACK_FILENAME;
}

/**
 * `attachment; filename="…"` (RFC 6266), plus `filename*=UTF-8''…` when the name is not plain
 * ASCII. The input is sanitised again, so any string is safe here.
 */
export function contentDisposition(raw: string | undefined | null): string {
  const name = sanitiseFilename(raw);
  const fallback = asciiFallback(name);
  if (fallback === name) return `attachment; filename="${name}"`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}
