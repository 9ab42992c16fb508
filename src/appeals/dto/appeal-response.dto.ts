import { ApiProperty } from '@nestjs/swagger';
import { EditableRecordDto } from '../../http/editable-record.dto';
import { Appeal, AppealOutcome } from '../appeal.entity';

export class AppealResponseDto extends EditableRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ format: 'date' })
  lodgedAt: string;

  @ApiProperty({ description: 'Who hears it' })
  body: string;

  @ApiProperty({ type: String, nullable: true })
  grounds: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  hearingAt: Date | null;

  @ApiProperty({ enum: AppealOutcome, enumName: 'AppealOutcome' })
  outcome: AppealOutcome;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Set with the outcome' })
  decidedAt: string | null;

  @ApiProperty({ format: 'uuid' })
  createdBy: string;
}

export function toAppealView(a: Appeal): AppealResponseDto {
  return {
    id: a.id,
    caseId: a.caseId,
    lodgedAt: a.lodgedAt,
    body: a.body,
    grounds: a.grounds,
    hearingAt: a.hearingAt,
    outcome: a.outcome,
    decidedAt: a.decidedAt,
    createdBy: a.createdBy,
    version: a.version,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
