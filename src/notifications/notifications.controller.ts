import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentUser } from '../auth/auth.decorators';
import { PageQueryDto } from '../reminders/dto/reminder-query.dto';
import { User } from '../users/user.entity';
import { NotificationPageDto, NotificationResponseDto } from './dto/notification-response.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'My notifications, unread first' })
  @ApiOkResponse({
    description: "One page of the caller's notifications, with the unread count",
    type: NotificationPageDto,
  })
  list(@CurrentUser() user: User, @Query() query: PageQueryDto) {
    return this.notifications.list(user, query.page, query.limit);
  }

  @Post(':id/read')
  @AnyRole()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications as read' })
  @ApiOkResponse({ description: 'The notification, now read', type: NotificationResponseDto })
  @ApiNotFoundResponse({ description: 'No such notification of the caller' })
  read(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.notifications.markRead(user, id);
  }
}
