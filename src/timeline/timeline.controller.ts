import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CorrectEventDto, CreateEventDto } from './dto/create-event.dto';
import { TimelineQueryDto } from './dto/timeline-query.dto';
import { TimelineEventResponseDto } from './dto/timeline-event-response.dto';
import { TimelineService } from './timeline.service';

@ApiTags('timeline')
@Controller()
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get('cases/:id/timeline')
  @ApiOperation({ summary: 'The timeline of a case' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({
    description: 'Events by occurredAt then recordedAt; current=true hides superseded ones',
    type: [TimelineEventResponseDto],
  })
  @ApiNotFoundResponse({ description: 'No such case' })
  list(@Param('id', new ParseUUIDPipe()) caseId: string, @Query() query: TimelineQueryDto) {
    return this.timeline.list(caseId, query.current ?? false);
  }

  @Post('cases/:id/events')
  @ApiOperation({ summary: 'Add an event to the timeline of a case' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiCreatedResponse({ description: 'The new event', type: TimelineEventResponseDto })
  create(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() dto: CreateEventDto,
  ) {
    return this.timeline.create(user, caseId, dto);
  }

  @Post('events/:id/corrections')
  @ApiOperation({ summary: 'Correct an event (a new event supersedes it)' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiCreatedResponse({
    description: 'The correcting event (supersedes the original, which is kept)',
    type: TimelineEventResponseDto,
  })
  @ApiConflictResponse({ description: 'The event was already corrected' })
  correct(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CorrectEventDto,
  ) {
    return this.timeline.correct(user, id, dto);
  }
}
