import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SuppressedRow, WithheldReason } from '../stats-suppression';

const WITHHELD_REASONS: WithheldReason[] = ['small', 'complementary'];
const COUNT_NOTE = 'null when withheld (see withheld)';

/** Why each withheld number of a group is withheld; a field not listed is shown. */
export class StatsWithheldDto {
  @ApiPropertyOptional({ enum: WITHHELD_REASONS })
  cases?: WithheldReason;

  @ApiPropertyOptional({ enum: WITHHELD_REASONS })
  open?: WithheldReason;

  @ApiPropertyOptional({ enum: WITHHELD_REASONS })
  reinstated?: WithheldReason;

  @ApiPropertyOptional({ enum: WITHHELD_REASONS })
  upheld?: WithheldReason;

  @ApiPropertyOptional({ enum: WITHHELD_REASONS })
  closed?: WithheldReason;

  @ApiPropertyOptional({ enum: WITHHELD_REASONS })
  medianDaysToDecision?: WithheldReason;
}

/** The counts of one group (a month, region, action type or issuing body). */
export class StatsItemDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The group: YYYY-MM for month; null for cases without a value (e.g. no region)',
  })
  key: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: COUNT_NOTE })
  cases: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: `Not reinstated and not closed; ${COUNT_NOTE}`,
  })
  open: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: COUNT_NOTE })
  reinstated: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: COUNT_NOTE })
  upheld: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: COUNT_NOTE })
  closed: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Median days from notification to decision; null when no case of the group was decided, or when withheld',
  })
  medianDaysToDecision: number | null;

  @ApiProperty({ description: 'Whether any number of this group is withheld (small-cell suppression)' })
  suppressed: boolean;

  @ApiProperty({
    type: StatsWithheldDto,
    description:
      "The withheld numbers and why: 'small' counts fewer than minCell cases (a median: fewer than minCell decisions); 'complementary' is withheld so that sums cannot give a small one back",
  })
  withheld: StatsWithheldDto;
}

export class StatsSummaryDto {
  @ApiProperty({ type: [StatsItemDto], description: 'Ordered by key' })
  items: StatsItemDto[];

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      "Numbers of fewer cases than this are withheld (STATS_MIN_CELL; researchers' statistics); null when nothing is withheld for the caller",
  })
  minCell: number | null;
}

export function mapStatsItem(row: SuppressedRow): StatsItemDto {
  return {
    key: row.key,
    cases: row.cases,
    open: row.open,
    reinstated: row.reinstated,
    upheld: row.upheld,
    closed: row.closed,
    medianDaysToDecision: row.medianDaysToDecision,
    suppressed: row.suppressed,
    withheld: { ...row.withheld },
  };
}
