import { ApiProperty } from '@nestjs/swagger';

/** The counts of one group (a month, region, action type or issuing body). */
export class StatsItemDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The group: YYYY-MM for month; null for cases without a value (e.g. no region)',
  })
  key: string | null;

  @ApiProperty({ type: 'integer' })
  cases: number;

  @ApiProperty({ type: 'integer', description: 'Not reinstated and not closed' })
  open: number;

  @ApiProperty({ type: 'integer' })
  reinstated: number;

  @ApiProperty({ type: 'integer' })
  upheld: number;

  @ApiProperty({ type: 'integer' })
  closed: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median days from notification to decision; null when no case of the group was decided',
  })
  medianDaysToDecision: number | null;
}

export class StatsSummaryDto {
  @ApiProperty({ type: [StatsItemDto], description: 'Ordered by key' })
  items: StatsItemDto[];
}
