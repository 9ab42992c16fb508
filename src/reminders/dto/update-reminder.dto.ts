import { ApiPropertyOptional } from '@nestjs/swagger';
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
import { Channel, CHANNELS, MAX_MESSAGE_LENGTH } from '../reminder-kinds';
import { MAX_RECIPIENTS } from './create-reminder.dto';

/** Only while the reminder is scheduled. Changing an automatic reminder makes it a manual one. */
export class UpdateReminderDto {
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsInstant()
  dueAt?: Date;

  @ApiPropertyOptional({ maxLength: MAX_MESSAGE_LENGTH })
  @IsOptional()
  @IsString({ message: 'message must be a string' })
  @IsNotEmpty({ message: 'message must not be empty' })
  @MaxLength(MAX_MESSAGE_LENGTH, { message: `message must be at most ${MAX_MESSAGE_LENGTH} characters` })
  message?: string;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true })
  @IsOptional()
  @IsArray({ message: 'channels must be a list' })
  @ArrayNotEmpty({ message: 'channels must name at least one channel' })
  @ArrayUnique({ message: 'channels must not repeat a channel' })
  @IsEnum(Channel, { each: true, message: `channels must each be one of: ${CHANNELS.join(', ')}` })
  channels?: Channel[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray({ message: 'recipientIds must be a list' })
  @ArrayNotEmpty({ message: 'recipientIds must name at least one user' })
  @ArrayMaxSize(MAX_RECIPIENTS, { message: `recipientIds must name at most ${MAX_RECIPIENTS} users` })
  @ArrayUnique({ message: 'recipientIds must not repeat a user' })
  @IsUUID('all', { each: true, message: 'recipientIds must each be a user id (uuid)' })
  recipientIds?: string[];
}
