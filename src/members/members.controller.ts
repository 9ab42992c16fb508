import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiUnprocessableEntityResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { User } from '../users/user.entity';
import { MergeMemberDto } from './dto/merge-member.dto';
import { Role } from '../users/role';
import { MemberPageDto, MemberResponseDto, MemberWithCasesDto } from './dto/member-response.dto';
import { MemberQueryDto } from './dto/member-query.dto';
import { MemberMatchListDto, MemberMatchQueryDto } from './dto/member-match.dto';
import { UpdateMemberDto } from './dto/update-member.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: 'Search members by name, membership number or email' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'One page of members, by name (audited)', type: MemberPageDto })
  search(@Query() query: MemberQueryDto) {
    return this.members.search(query);
  }

  @Get('matches')
  @ApiOperation({
    summary: 'Members who may be the person described (possible duplicates before an intake)',
    description:
      'Names match across case, accents and punctuation, initials, reordering, short forms and small typos; ' +
      'membership number, email and phone too; the constituency party supports a match found otherwise.',
  })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The possible matches, best first (audited)', type: MemberMatchListDto })
  @ApiBadRequestResponse({ description: 'No clue given, or a clue too long' })
  matches(@Query() query: MemberMatchQueryDto) {
    return this.members.matches(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A member with their cases' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The member with their cases (audited)', type: MemberWithCasesDto })
  @ApiNotFoundResponse({ description: 'No such member' })
  @ApiGoneResponse({ description: 'Merged into another member: the body has mergedInto' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.members.get(id);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Merge a member into another record of the same person',
    description:
      'Moves every case (with a timeline event each), keeps the name, email and phone as aliases of the ' +
      'kept member, and marks this one merged: reading it then answers 410 with mergedInto.',
  })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The kept member, with their cases and aliases', type: MemberWithCasesDto })
  @ApiBadRequestResponse({
    description: 'intoId missing, the same member, or no such member; reason missing',
  })
  @ApiNotFoundResponse({ description: 'No such member' })
  @ApiGoneResponse({ description: 'This member was merged already' })
  @ApiUnprocessableEntityResponse({ description: 'intoId was merged into another member' })
  merge(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MergeMemberDto,
  ) {
    return this.members.merge(user, id, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a member (optimistic locking on version)' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The changed member', type: MemberResponseDto })
  @ApiConflictResponse({ description: 'Stale version, or membership number already taken' })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateMemberDto) {
    return this.members.update(id, dto);
  }
}
