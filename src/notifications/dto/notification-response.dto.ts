import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../http/page.dto';
import { ReminderKind } from '../../reminders/reminder-kinds';
import { Notification } from '../notification.entity';

/** An in-app notification of the caller (written when a reminder is delivered). */
export class NotificationResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ReminderKind, enumName: 'ReminderKind', description: 'The kind of the reminder' })
  kind: ReminderKind;

  @ApiProperty()
  message: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  caseId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'CL-2026-0001' })
  caseReference: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reminderId: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt: Date | null;

  @ApiProperty()
  read: boolean;
}

export function toNotificationView(n: Notification): NotificationResponseDto {
  return {
    id: n.id,
    kind: n.kind,
    message: n.message,
    caseId: n.caseId,
    caseReference: n.caseReference,
    reminderId: n.reminderId,
    createdAt: n.createdAt,
    readAt: n.readAt,
    read: n.readAt !== null,
  };
}

export class NotificationPageDto extends PageOf(NotificationResponseDto) {
  @ApiProperty({ type: 'integer', description: 'Unread notifications in all' })
  unread: number;
}
