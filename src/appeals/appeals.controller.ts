import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { AppealsService } from './appeals.service';
import { AppealResponseDto } from './dto/appeal-response.dto';
import { CreateAppealDto } from './dto/create-appeal.dto';
import { UpdateAppealDto } from './dto/update-appeal.dto';

@ApiTags('appeals')
@Controller()
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Post('cases/:id/appeals')
  @ApiOperation({ summary: 'Lodge an appeal' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiCreatedResponse({
    description: 'The appeal (pending); an appeal_lodged event is written',
    type: AppealResponseDto,
  })
  @ApiConflictResponse({ description: 'The case already has a pending appeal' })
  @ApiUnprocessableEntityResponse({
    description: 'DATE_CONFLICT: the hearing is before the lodging; `conflicts` names both dates',
  })
  @ApiNotFoundResponse({ description: 'No such case' })
  create(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() dto: CreateAppealDto,
  ) {
    return this.appeals.create(user, caseId, dto);
  }

  @Get('cases/:id/appeals')
  @ApiOperation({ summary: 'The appeals of a case' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: "The case's appeals, oldest first", type: [AppealResponseDto] })
  list(@Param('id', new ParseUUIDPipe()) caseId: string) {
    return this.appeals.list(caseId);
  }

  @Patch('appeals/:id')
  @ApiOperation({ summary: 'Edit an appeal, or withdraw it' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The changed appeal', type: AppealResponseDto })
  @ApiConflictResponse({ description: 'Stale version, or withdrawing an appeal that is not pending' })
  @ApiUnprocessableEntityResponse({
    description:
      'DATE_CONFLICT: the dates as they would be stored contradict each other (hearing before lodging, decision before lodging or hearing); `conflicts` names both dates',
  })
  update(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateAppealDto,
  ) {
    return this.appeals.update(user, id, dto);
  }
}
