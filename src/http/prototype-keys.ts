/**
 * Names that JSON.parse happily makes own keys of but that shadow what every object inherits:
 * `{"dueAt":{"toString":1}}` reaches class-transformer's `new Date(value)`, which calls the
 * shadowed `toString` and throws; `__proto__` and `constructor` are the classic pollution keys.
 * No field of the API has such a name.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The path of the first key of a parsed JSON value that shadows Object.prototype, or null. */
export function prototypeKeyIn(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    for (const key of Object.keys(current)) {
      const at = Array.isArray(current) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(current) && PROTOTYPE_KEYS.has(key)) return at;
      stack.push({ value: (current as Record<string, unknown>)[key], path: at });
    }
  }
  return null;
}
