/** Deeper bodies are refused before validation: class-transformer recurses and would overflow the stack. */
export const MAX_BODY_DEPTH = 32;

/** Whether a parsed JSON value nests objects/arrays deeper than `max` (iterative: safe on any input). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(current as object)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
