import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { MemberPageDto, MemberResponseDto, MemberWithCasesDto } from './dto/member-response.dto';
import { MemberQueryDto } from './dto/member-query.dto';
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

  @Get(':id')
  @ApiOperation({ summary: 'A member with their cases' })
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The member with their cases (audited)', type: MemberWithCasesDto })
  @ApiNotFoundResponse({ description: 'No such member' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.members.get(id);
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
