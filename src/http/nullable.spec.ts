import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, validate, ValidateIf, ValidateNested } from 'class-validator';
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
  @IsInt()
  @Min(1)
  @Max(10)
  rank?: number;

  @IsInt()
  @Min(1)
  @Max(2147483647)
  version: number;

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
    expect(await problems({ title: 't', version: 1, assigneeId: null, inner: { note: null } })).toEqual([]);
    expect(await problems({ title: 't', version: 1 })).toEqual([]);
  });

  it('refuses null for an optional field that @IsOptional alone would let through', async () => {
    expect(await problems({ title: 't', version: 1, summary: null })).toEqual(['summary must not be null']);
  });

  it('says "must not be null" once instead of what the validators say about null', async () => {
    expect(await problems({ title: null, version: 1 })).toEqual(['title must not be null']);
  });

  it('names a null in a nested object by its path, beside other errors', async () => {
    expect(await problems({ title: 5, version: 1, inner: { name: null } })).toEqual([
      'title must be a string',
      'inner.name must not be null',
    ]);
  });

  it('keeps "should not exist" for an unknown property that is null', async () => {
    expect(await problems({ title: 't', version: 1, extra: null })).toEqual([
      'property extra should not exist',
    ]);
  });

  it('still validates a value given to a nullable field', async () => {
    expect(await problems({ title: 't', version: 1, assigneeId: 5 })).toEqual([
      'assigneeId must be a string',
    ]);
  });
});

describe('a required field left out', () => {
  it('says only "<field> is required", not every rule a value would have to follow', async () => {
    expect(await problems({ title: 't' })).toEqual(['version is required']);
  });

  it('names each missing field once, beside the errors of fields that are there', async () => {
    expect(await problems({ version: 'x', inner: {} })).toEqual([
      'title is required',
      'version must not be greater than 2147483647',
      'version must not be less than 1',
      'version must be an integer number',
    ]);
  });

  it('keeps every rule of a value that is there but wrong, and says nothing of an optional field left out', async () => {
    expect(await problems({ title: 't', version: 1, rank: 0.5 })).toEqual([
      'rank must not be less than 1',
      'rank must be an integer number',
    ]);
  });
});
