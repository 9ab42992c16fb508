import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentUser } from '../auth/auth.decorators';
import { PageQueryDto } from '../reminders/dto/reminder-query.dto';
import { User } from '../users/user.entity';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @AnyRole()
  @ApiOkResponse({ description: "The caller's notifications, unread first: {items,total,unread,page,limit}" })
  list(@CurrentUser() user: User, @Query() query: PageQueryDto) {
    return this.notifications.list(user, query.page, query.limit);
  }

  @Post(':id/read')
  @AnyRole()
  @HttpCode(200)
  @ApiOkResponse({ description: 'The notification, now read' })
  @ApiNotFoundResponse({ description: 'No such notification of the caller' })
  read(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.notifications.markRead(user, id);
  }
}
