import { ValidationError } from 'class-validator';

/**
 * The rule for null in request bodies: a property may be null only where null means "clear this
 * value", and says so with @Nullable (validation.ts). Everywhere else null is refused with "<field> must not be
 * null" by the validation pipe — whatever the property's own decorators say, so
 * a DTO cannot forget it (class-validator's @IsOptional lets null through as if absent).
 */
const NULLABLE = Symbol('nullable');

/** Marks a property as one that null clears (the Nullable decorator in validation.ts). */
export function markNullable(target: object, key: string | symbol): void {
  Reflect.defineMetadata(NULLABLE, true, target, key);
}

export function isNullable(object: object, key: string): boolean {
  return Reflect.getMetadata(NULLABLE, object, key) === true;
}

/** An object built from a DTO class (a nested DTO), not a plain value, array or date. */
function isDtoInstance(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date)
    return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto !== null && proto !== Object.prototype;
}

function validationError(
  property: string,
  value: unknown,
  fields: Partial<ValidationError>,
): ValidationError {
  return Object.assign(new ValidationError(), { property, value, children: [], ...fields });
}

/** The nulls a DTO instance holds where its class does not allow them, nested DTOs included. */
export function nullErrors(dto: object): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const [key, value] of Object.entries(dto)) {
    if (value === null) {
      if (!isNullable(dto, key)) {
        errors.push(validationError(key, value, { constraints: { isNotNull: `${key} must not be null` } }));
      }
      continue;
    }
    const nested = Array.isArray(value)
      ? value.flatMap((item: unknown, i) =>
          isDtoInstance(item) ? nestedError(String(i), item, nullErrors(item)) : [],
        )
      : isDtoInstance(value)
        ? nullErrors(value)
        : [];
    if (nested.length) errors.push(...nestedError(key, value, nested));
  }
  return errors;
}

function nestedError(property: string, value: unknown, children: ValidationError[]): ValidationError[] {
  return children.length ? [validationError(property, value, { children })] : [];
}

/**
 * The validators' errors with the null errors merged in: a refused null's one message replaces
 * what the property's validators said about it (not a string, not an enum value…), except that
 * an unknown property stays "should not exist".
 */
export function withNullErrors(errors: ValidationError[], nulls: ValidationError[]): ValidationError[] {
  const merged = [...errors];
  for (const extra of nulls) {
    const i = merged.findIndex((e) => e.property === extra.property);
    if (i < 0) merged.push(extra);
    else if (merged[i].constraints?.whitelistValidation) continue;
    else if (extra.constraints) merged[i] = extra;
    else
      merged[i] = { ...merged[i], children: withNullErrors(merged[i].children ?? [], extra.children ?? []) };
  }
  return merged;
}

/**
 * "member.email must be an email" for nested fields, one message per failed constraint — except
 * that a required field left out is only "version is required": the rules a value would have to
 * follow say nothing useful about a value that is not there.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const messages = Object.values(e.constraints ?? {});
    const missing = e.value === undefined && messages.length > 0 && !e.constraints?.whitelistValidation;
    const own = missing ? [`${path} is required`] : messages.map((m) => (parent ? `${parent}.${m}` : m));
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}
