import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsOptional, IsString, validate, ValidateIf, ValidateNested } from 'class-validator';
import { flattenValidationErrors, markNullable, nullErrors, withNullErrors } from './nullable';

class Inner {
  @IsOptional()
  @IsString()
  name?: string;

  @ValidateIf((_o: object, v: unknown) => v !== null && v !== undefined)
  @markNullable
  @IsString()
  note?: string | null;
}

class Outer {
  @IsString()
  title: string;

  @IsOptional()
  @IsString()
  summary?: string;

  @ValidateIf((_o: object, v: unknown) => v !== null && v !== undefined)
  @markNullable
  @IsString()
  assigneeId?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => Inner)
  inner?: Inner;
}

async function problems(plain: object): Promise<string[]> {
  const dto = plainToInstance(Outer, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return flattenValidationErrors(withNullErrors(errors, nullErrors(dto)));
}

describe('the null rule', () => {
  it('accepts null where @Nullable says null clears the value, and absent fields', async () => {
    expect(await problems({ title: 't', assigneeId: null, inner: { note: null } })).toEqual([]);
    expect(await problems({ title: 't' })).toEqual([]);
  });

  it('refuses null for an optional field that @IsOptional alone would let through', async () => {
    expect(await problems({ title: 't', summary: null })).toEqual(['summary must not be null']);
  });

  it('says "must not be null" once instead of what the validators say about null', async () => {
    expect(await problems({ title: null })).toEqual(['title must not be null']);
  });

  it('names a null in a nested object by its path, beside other errors', async () => {
    expect(await problems({ title: 5, inner: { name: null } })).toEqual([
      'title must be a string',
      'inner.name must not be null',
    ]);
  });

  it('keeps "should not exist" for an unknown property that is null', async () => {
    expect(await problems({ title: 't', extra: null })).toEqual(['property extra should not exist']);
  });

  it('still validates a value given to a nullable field', async () => {
    expect(await problems({ title: 't', assigneeId: 5 })).toEqual(['assigneeId must be a string']);
  });
});
