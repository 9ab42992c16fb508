import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { isCalendarDate, isNotFutureDate } from '../cases/case-dates';
import { DATE_FORM, DATE_OR_INSTANT_FORM, INSTANT_FORM, parseDateOrInstant, parseInstant } from './dates';

export const RANGE_BOUND = DATE_OR_INSTANT_FORM;

/** The validators of every date a DTO takes, all built on the one parser (dates.ts). */

/** A real calendar date written YYYY-MM-DD (past or future). */
export function IsCalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: () => `$property must be ${DATE_FORM}`,
      },
    },
    options,
  );
}

/** A real calendar date written YYYY-MM-DD that has already begun somewhere (not in the future). */
export function IsPastCalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isPastCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value) && isNotFutureDate(value),
        defaultMessage: (args) =>
          isCalendarDate(args?.value)
            ? '$property must not be in the future'
            : `$property must be ${DATE_FORM}`,
      },
    },
    options,
  );
}

/** A calendar date (YYYY-MM-DD) or an RFC 3339 instant; the property stays the string as sent. */
export function IsDateOrInstant(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isDateOrInstant',
      validator: {
        validate: (value: unknown) => parseDateOrInstant(value) !== null,
        defaultMessage: () => `$property must be ${DATE_FORM} or ${INSTANT_FORM}`,
      },
    },
    options,
  );
}

/**
 * An RFC 3339 instant, turned into a Date by the parser; anything else stays as sent and fails
 * (class-transformer's `@Type(() => Date)` would take "2030-02-30T10:00:00Z" for 2 March).
 */
export function IsInstant(options?: ValidationOptions) {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => parseInstant(value) ?? value),
    ValidateBy(
      {
        name: 'isInstant',
        validator: {
          validate: (value: unknown) => value instanceof Date,
          defaultMessage: () => `$property must be ${INSTANT_FORM}`,
        },
      },
      options,
    ),
  );
}
