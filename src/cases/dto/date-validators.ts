import { registerDecorator, ValidationOptions } from 'class-validator';
import { isCalendarDate, isNotFutureDate } from '../case-dates';

/** A real calendar date written YYYY-MM-DD that has already begun (not in the future). */
export function IsPastCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPastCalendarDate',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => isCalendarDate(value) && isNotFutureDate(value),
        defaultMessage: (args) =>
          isCalendarDate(args?.value)
            ? `${args!.property} must not be in the future`
            : `${args!.property} must be a calendar date written YYYY-MM-DD`,
      },
    });
}

/** A real calendar date written YYYY-MM-DD (past or future). */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args) => `${args!.property} must be a calendar date written YYYY-MM-DD`,
      },
    });
}
