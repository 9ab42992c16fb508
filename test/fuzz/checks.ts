import { FuzzResponse } from './http';

/** Text that only a leak of internals produces: stack frames, source paths, database errors. */
export const LEAKS: { name: string; pattern: RegExp }[] = [
  { name: 'stack frame', pattern: /\bat (?:[\w$.<>[\] ]+ \()?(?:\/|node:|file:)[^\s)]*:\d+:\d+/ },
  { name: 'stack frame', pattern: /\n\s+at [\w$.<>]+ \(/ },
  { name: 'source path', pattern: /\/(?:src|dist|node_modules)\/[\w@./-]+\.(?:[cm]?js|ts)\b/ },
  { name: 'SQL error', pattern: /SQLITE_[A-Z]+/ },
  { name: 'SQL error', pattern: /QueryFailedError|EntityNotFoundError|TypeORMError/ },
  { name: 'SQL error', pattern: /syntax error at or near|syntax error/i },
  { name: 'SQL error', pattern: /\b(?:relation|column|table) "?[a-z_]+"? (?:does not exist|of relation)/i },
  {
    name: 'SQL error',
    pattern: /\bno such (?:table|column)\b|violates (?:not-null|foreign key|unique|check) constraint/i,
  },
  {
    name: 'SQL text',
    pattern: /\b(?:SELECT|UPDATE|DELETE)\b.{0,200}?\b(?:FROM|SET|WHERE)\s+\\?["`]?[a-z_]+/,
  },
  { name: 'SQL text', pattern: /\bINSERT INTO\b/ },
];

const TEXTUAL = /json|text|csv|calendar|xml/i;

function contentType(res: FuzzResponse): string {
  return String(res.headers['content-type'] ?? '');
}

/** Everything wrong with one answer, in words; empty when it is fine. */
export function problemsIn(res: FuzzResponse): string[] {
  const problems: string[] = [];
  if (res.cutOff) problems.push(`response cut off: ${res.cutOff}`);
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  const type = contentType(res);
  const text = TEXTUAL.test(type) || type === '' ? res.body.toString('utf8') : '';
  if (res.status >= 400 && res.status < 500) {
    let body: unknown;
    try {
      body = /json/.test(type) ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const error = body as { statusCode?: unknown; message?: unknown } | undefined;
    const messageOk =
      typeof error?.message === 'string' ||
      (Array.isArray(error?.message) && error.message.every((m) => typeof m === 'string'));
    if (!error || typeof error !== 'object' || error.statusCode !== res.status || !messageOk) {
      problems.push(`a ${res.status} whose body is not JSON {statusCode: ${res.status}, message}`);
    }
  } else if (res.status < 300 && res.status !== 204 && /application\/json/.test(type) && !res.cutOff) {
    try {
      JSON.parse(text);
    } catch {
      problems.push('a JSON answer that does not parse');
    }
  }
  for (const leak of LEAKS) {
    const m = leak.pattern.exec(text);
    if (m) problems.push(`${leak.name} in the body: ${JSON.stringify(m[0].slice(0, 120))}`);
  }
  return problems;
}
