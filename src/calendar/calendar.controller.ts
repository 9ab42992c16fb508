import { Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** Public to the bearer-token guard: calendar apps cannot send headers, so the feed checks its own token. */
  @Get('calendar.ics')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'inline; filename="caseline.ics"')
  @ApiOperation({ summary: "The caller's calendar feed (token in the query, not a bearer token)" })
  @ApiProduces('text/calendar')
  @ApiQuery({ name: 'token', description: 'The personal feed token from POST /api/me/calendar-token' })
  @ApiOkResponse({ description: 'iCalendar of upcoming appeal deadlines, hearings and reminders' })
  @ApiUnauthorizedResponse({ description: 'Missing, wrong or rotated token' })
  feed(@Query('token') token?: string) {
    return this.calendar.feed(typeof token === 'string' ? token : undefined);
  }

  @Post('me/calendar-token')
  @Roles(Role.Caseworker, Role.Coordinator)
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a new personal calendar-feed token (the old one stops working)' })
  @ApiOkResponse({
    description: '{url, createdAt}: the feed URL with a new token; the previous one stops working',
  })
  rotate(@CurrentUser() user: User) {
    return this.calendar.rotateToken(user);
  }
}
