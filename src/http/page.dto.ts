import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * One page of a list, `{items, total, page, limit}`, documented with the type of its items:
 * `export class CasePageDto extends PageOf(CaseResponseDto) {}` (the subclass names the schema).
 */
export function PageOf<T>(item: Type<T>) {
  abstract class Page {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ type: 'integer', description: 'Matches in all, across every page' })
    total: number;

    @ApiProperty({ type: 'integer', description: 'From 1' })
    page: number;

    @ApiProperty({ type: 'integer', description: 'Items per page (at most 200)' })
    limit: number;
  }
  return Page;
}
