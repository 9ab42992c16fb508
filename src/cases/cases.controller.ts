import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { CasesService } from './cases.service';
import { CaseQueryDto } from './dto/case-query.dto';
import { CasePageDto, CaseResponseDto, IntakeResponseDto } from './dto/case-response.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Intake: log a new case (and its member)' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiCreatedResponse({
    description: 'The case, with member, appealDeadline, allowedTransitions and possibleDuplicates',
    type: IntakeResponseDto,
  })
  @ApiBadRequestResponse({ description: 'Invalid input; each message names its field' })
  intake(@CurrentUser() user: User, @Body() dto: CreateCaseDto) {
    return this.cases.intake(user, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List and search cases' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'One page of cases', type: CasePageDto })
  @ApiBadRequestResponse({ description: 'Bad filter, or limit over 200' })
  list(@CurrentUser() user: User, @Query() query: CaseQueryDto) {
    return this.cases.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case (the read is audited)' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The case (the read is audited)', type: CaseResponseDto })
  @ApiNotFoundResponse({ description: 'No such case' })
  get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.cases.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a case (optimistic locking on version)' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The changed case', type: CaseResponseDto })
  @ApiConflictResponse({ description: 'Stale version: nothing changed' })
  update(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateCaseDto,
  ) {
    return this.cases.update(user, id, dto);
  }
}
