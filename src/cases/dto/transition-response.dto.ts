import { ApiProperty } from '@nestjs/swagger';
import { CaseStatus } from '../case-status';
import { CaseTransition } from '../case-transition.entity';

/** One step of the workflow, as kept forever. */
export class TransitionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus' })
  from: CaseStatus;

  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus' })
  to: CaseStatus;

  @ApiProperty({ format: 'uuid' })
  actorId: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When it happened in the world' })
  occurredAt: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'When Caseline recorded it' })
  recordedAt: Date;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}

export function toTransitionView(t: CaseTransition): TransitionResponseDto {
  const { id, caseId, from, to, actorId, occurredAt, recordedAt, reason, note } = t;
  return { id, caseId, from, to, actorId, occurredAt, recordedAt, reason, note };
}

/** The case right after a transition. */
export class TransitionCaseStateDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus' })
  status: CaseStatus;

  @ApiProperty({ type: 'integer' })
  version: number;

  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus', isArray: true })
  allowedTransitions: CaseStatus[];
}

export class TransitionResultDto extends TransitionResponseDto {
  @ApiProperty({ type: TransitionCaseStateDto })
  case: TransitionCaseStateDto;
}
