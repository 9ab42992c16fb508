import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MemberInputDto } from '../../members/dto/member-input.dto';
import { ActionType, Priority } from '../case-status';
import { IsPastCalendarDate } from '../../http/date-validators';

export const MAX_SUMMARY = 20_000;
export const MAX_ALLEGATIONS = 50;
export const MAX_ALLEGATION_LENGTH = 500;
export const MAX_TAGS = 30;
export const MAX_TAG_LENGTH = 50;

const enumMessage = (field: string, values: object) =>
  `${field} must be one of: ${Object.values(values).join(', ')}`;

/** The case fields shared by intake and edit. */
export class CaseFieldsDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  issuingBody?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalReference?: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_ALLEGATIONS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ALLEGATIONS)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ALLEGATION_LENGTH, { each: true })
  allegations?: string[];

  @ApiPropertyOptional({ maxLength: MAX_SUMMARY })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUMMARY)
  summary?: string;

  @ApiPropertyOptional({ enum: Priority, default: Priority.Normal })
  @IsOptional()
  @IsEnum(Priority, { message: enumMessage('priority', Priority) })
  priority?: Priority;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_TAG_LENGTH, { each: true })
  tags?: string[];
}

export class CreateCaseDto extends CaseFieldsDto {
  @ApiPropertyOptional({ type: MemberInputDto, description: 'A new member (or linked by membershipNumber)' })
  @ValidateIf((o: CreateCaseDto) => o.memberId === undefined)
  @IsObject({ message: 'member must be an object (or give memberId)' })
  @ValidateNested()
  @Type(() => MemberInputDto)
  member?: MemberInputDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing member instead of member' })
  @ValidateIf((o: CreateCaseDto) => o.memberId !== undefined)
  @IsUUID('all', { message: 'memberId must be a UUID' })
  memberId?: string;

  @ApiProperty({ enum: ActionType })
  @IsEnum(ActionType, { message: enumMessage('actionType', ActionType) })
  actionType: ActionType;

  @ApiProperty({ example: '2019-03-01', description: 'YYYY-MM-DD, not in the future' })
  @IsPastCalendarDate()
  actionDate: string;

  @ApiProperty({ example: '2019-03-04', description: 'YYYY-MM-DD, not in the future' })
  @IsPastCalendarDate()
  notifiedAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active caseworker' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active coordinator' })
  @IsOptional()
  @IsUUID('all', { message: 'coordinatorId must be a UUID' })
  coordinatorId?: string;
}
