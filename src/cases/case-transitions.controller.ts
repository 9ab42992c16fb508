import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CaseTransitionsService } from './case-transitions.service';
import { CreateTransitionDto } from './dto/create-transition.dto';
import { TransitionResponseDto, TransitionResultDto } from './dto/transition-response.dto';

@ApiTags('workflow')
@Controller('cases/:id/transitions')
export class CaseTransitionsController {
  constructor(private readonly transitions: CaseTransitionsService) {}

  @Post()
  @ApiOperation({ summary: 'Move a case through the workflow' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiCreatedResponse({
    description: 'The transition, with the case status and version after it',
    type: TransitionResultDto,
  })
  @ApiConflictResponse({
    description: 'Not allowed from the current status (allowedTransitions), or a concurrent change',
  })
  @ApiUnprocessableEntityResponse({
    description:
      "GUARD_FAILED: a guard failed, the message says what is missing; DATE_CONFLICT: the decision date is before the pending appeal's lodging or hearing, `conflicts` names both dates",
  })
  create(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateTransitionDto,
  ) {
    return this.transitions.transition(user, id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The workflow history of a case' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'Every transition of the case, in order', type: [TransitionResponseDto] })
  history(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.transitions.history(id);
  }
}
