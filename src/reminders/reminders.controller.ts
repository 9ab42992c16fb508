import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CreateReminderDto } from './dto/create-reminder.dto';
import { ReminderPageDto, ReminderResponseDto } from './dto/reminder-response.dto';
import { ReminderQueryDto } from './dto/reminder-query.dto';
import { UpdateReminderDto } from './dto/update-reminder.dto';
import { RemindersService } from './reminders.service';

const MANAGERS = [Role.Caseworker, Role.Coordinator];

@ApiTags('reminders')
@Controller()
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Post('cases/:id/reminders')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Set a reminder on a case' })
  @ApiCreatedResponse({ description: 'The reminder, status scheduled', type: ReminderResponseDto })
  @ApiNotFoundResponse({ description: 'No such case' })
  @ApiUnprocessableEntityResponse({
    description: 'dueAt not in the future, inactive recipient, or a channel not configured',
  })
  create(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() dto: CreateReminderDto,
  ) {
    return this.reminders.create(user, caseId, dto);
  }

  @Get('cases/:id/reminders')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'The reminders of a case' })
  @ApiOkResponse({ description: "One page of the case's reminders, by due time", type: ReminderPageDto })
  listForCase(@Param('id', new ParseUUIDPipe()) caseId: string, @Query() query: ReminderQueryDto) {
    return this.reminders.listForCase(caseId, query);
  }

  @Get('cases/:id/reminders/:reminderId')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'One reminder of a case' })
  @ApiOkResponse({ description: 'One reminder of the case', type: ReminderResponseDto })
  @ApiNotFoundResponse({ description: 'No such reminder on this case' })
  getForCase(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Param('reminderId', new ParseUUIDPipe()) id: string,
  ) {
    return this.reminders.get(id, caseId);
  }

  @Get('reminders')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Reminders of all cases, filtered (e.g. what is due soon)' })
  @ApiOkResponse({ description: 'One page of reminders, by due time', type: ReminderPageDto })
  list(@Query() query: ReminderQueryDto) {
    return this.reminders.list(query);
  }

  @Get('reminders/:id')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'One reminder' })
  @ApiOkResponse({ description: 'One reminder', type: ReminderResponseDto })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.reminders.get(id);
  }

  @Patch('reminders/:id')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Change a scheduled reminder: when, what, to whom, how' })
  @ApiOkResponse({ description: 'The changed reminder; its job is moved', type: ReminderResponseDto })
  @ApiConflictResponse({ description: 'The reminder is no longer scheduled' })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateReminderDto) {
    return this.reminders.update(id, dto);
  }

  @Delete('reminders/:id')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Cancel a scheduled reminder' })
  @ApiOkResponse({
    description: 'The reminder, now cancelled; its job is removed',
    type: ReminderResponseDto,
  })
  @ApiConflictResponse({ description: 'The reminder is no longer scheduled' })
  cancel(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.reminders.cancel(id);
  }
}
