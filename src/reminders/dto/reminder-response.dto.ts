import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../http/page.dto';
import { Channel, ReminderKind, ReminderStatus } from '../reminder-kinds';
import { Reminder } from '../reminder.entity';

export class ReminderResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ enum: ReminderKind, enumName: 'ReminderKind' })
  kind: ReminderKind;

  @ApiProperty()
  message: string;

  @ApiProperty({ enum: Channel, enumName: 'Channel', isArray: true })
  channels: Channel[];

  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Users to remind' })
  recipientIds: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: Date;

  @ApiProperty({ enum: ReminderStatus, enumName: 'ReminderStatus' })
  status: ReminderStatus;

  @ApiProperty({ type: 'integer', description: 'Failed delivery runs so far' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt: Date | null;

  @ApiProperty({
    description:
      'True for reminders Caseline created from the appeal deadline, hearings or the follow-up sweep',
  })
  automatic: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for automatic reminders' })
  createdBy: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export function toReminderView(r: Reminder): ReminderResponseDto {
  return {
    id: r.id,
    caseId: r.caseId,
    kind: r.kind,
    message: r.message,
    channels: r.channels,
    recipientIds: r.recipientIds,
    dueAt: r.dueAt,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    sentAt: r.sentAt,
    cancelledAt: r.cancelledAt,
    automatic: r.autoKey !== null || r.createdBy === null,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export class ReminderPageDto extends PageOf(ReminderResponseDto) {}
