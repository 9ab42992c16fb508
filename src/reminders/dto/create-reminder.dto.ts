import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { IsInstant } from '../../http/date-validators';
import { Channel, CHANNELS, MAX_MESSAGE_LENGTH, REMINDER_KINDS, ReminderKind } from '../reminder-kinds';

export const MAX_RECIPIENTS = 50;

export class CreateReminderDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'When it fires; must be in the future' })
  @IsInstant()
  dueAt: Date;

  @ApiProperty({ maxLength: MAX_MESSAGE_LENGTH })
  @IsString({ message: 'message must be a string' })
  @IsNotEmpty({ message: 'message is required' })
  @MaxLength(MAX_MESSAGE_LENGTH, { message: `message must be at most ${MAX_MESSAGE_LENGTH} characters` })
  message: string;

  @ApiPropertyOptional({ enum: REMINDER_KINDS, default: ReminderKind.Custom })
  @IsOptional()
  @IsEnum(ReminderKind, { message: `kind must be one of: ${REMINDER_KINDS.join(', ')}` })
  kind?: ReminderKind;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, default: [Channel.InApp] })
  @IsOptional()
  @IsArray({ message: 'channels must be a list' })
  @ArrayNotEmpty({ message: 'channels must name at least one channel' })
  @ArrayUnique({ message: 'channels must not repeat a channel' })
  @IsEnum(Channel, { each: true, message: `channels must each be one of: ${CHANNELS.join(', ')}` })
  channels?: Channel[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Active users; default: the case assignee and coordinator, else the caller',
  })
  @IsOptional()
  @IsArray({ message: 'recipientIds must be a list' })
  @ArrayNotEmpty({ message: 'recipientIds must name at least one user' })
  @ArrayMaxSize(MAX_RECIPIENTS, { message: `recipientIds must name at most ${MAX_RECIPIENTS} users` })
  @ArrayUnique({ message: 'recipientIds must not repeat a user' })
  @IsUUID('all', { each: true, message: 'recipientIds must each be a user id (uuid)' })
  recipientIds?: string[];
}
