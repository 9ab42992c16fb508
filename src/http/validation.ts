import { applyDecorators, BadRequestException, ValidationPipe } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate, ValidateIf, ValidationError, ValidatorOptions } from 'class-validator';
import type { NextFunction, Request, Response } from 'express';
import { flattenValidationErrors, markNullable, nullErrors, withNullErrors } from './nullable';
import { textProblems } from './well-formed-text';

type ScalarType = StringConstructor | NumberConstructor | BooleanConstructor;

/**
 * An optional property that null clears. Its other validators run only on a value; the OpenAPI
 * document gets `nullable: true` and the real `type` (a `string | null` property would otherwise
 * be documented as an object). Replaces @ApiPropertyOptional on the property.
 */
export function Nullable(type: ScalarType, options: ApiPropertyOptions = {}) {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== null && value !== undefined),
    ApiPropertyOptional({ ...options, type, nullable: true } as ApiPropertyOptions),
    markNullable,
  );
}

/** The global pipe: Nest's ValidationPipe, plus the null rule (nullable.ts) for every DTO. */
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new BadRequestException(flattenValidationErrors(errors)),
    });
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    return withNullErrors(await super.validate(object, options), nullErrors(object));
  }
}

/**
 * Input that does not come through the pipe (multipart fields, the export CLI's filters): the
 * same text rule, the same validation. The problems, each naming its field; empty when valid.
 */
export async function checkInput<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
): Promise<{ dto: T; problems: string[] }> {
  const text = textProblems(plain);
  const dto = plainToInstance(cls, plain);
  if (text.length) return { dto, problems: text };
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return { dto, problems: flattenValidationErrors(withNullErrors(errors, nullErrors(dto))) };
}

/** Express middleware (after the body parsers): 400 naming each field whose text breaks the rule. */
export function wellFormedTextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const problems = [...textProblems(req.body), ...textProblems(req.query)];
  if (problems.length) next(new BadRequestException(problems));
  else next();
}
