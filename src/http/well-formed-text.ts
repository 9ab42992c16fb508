/**
 * The rule for text: every string a client sends (JSON body, query, multipart fields, and the
 * names of their properties) is well-formed Unicode — no lone UTF-16 surrogate, which JSON can
 * carry as "\ud800" but no validator, database or e-mail library is written for — and holds no
 * NUL, which no field of this API has a use for (PostgreSQL refuses it in text; C libraries stop
 * at it). Checked before any validator or service sees the request.
 */

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode text (it has a lone surrogate)';
  if (NUL.test(text)) return 'must not contain NUL characters';
  return null;
}

/**
 * What is wrong with the strings in a parsed body or query, each message naming its field by
 * its path ("member.email", "tags[1]"); empty when all is well. Iterative: safe on any depth.
 */
export function textProblems(input: unknown): string[] {
  const problems: string[] = [];
  const queue: { value: unknown; path: string }[] = [{ value: input, path: '' }];
  for (let i = 0; i < queue.length; i++) {
    const { value, path } = queue[i];
    if (typeof value === 'string') {
      const wrong = problem(value);
      if (wrong) problems.push(`${path || 'the body'} ${wrong}`);
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, n) => queue.push({ value: item, path: `${path}[${n}]` }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (problem(key)) {
          problems.push(`a property name in ${path || 'the request'} is not well-formed text without NUL`);
          continue;
        }
        queue.push({ value: child, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return problems;
}
