import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { CreateUserDto } from './dto/create-user.dto';
import { DirectoryEntryDto } from './dto/directory-entry.dto';
import { OneTimePasswordDto } from './dto/one-time-password.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserViewDto } from './dto/user-view.dto';
import { Role } from './role';
import { User } from './user.entity';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiCreatedResponse({ description: 'The new user (without password)', type: UserViewDto })
  @ApiBadRequestResponse({
    description:
      'Invalid or unknown fields (each named); password under 12 characters, commonly used, or the email',
  })
  @ApiConflictResponse({ description: 'Email already in use (case-insensitive)' })
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'List all users (admin)' })
  @ApiOkResponse({ description: 'All users, oldest first', type: [UserViewDto] })
  list() {
    return this.users.list();
  }

  @Get('directory')
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOperation({ summary: 'The active caseworkers and coordinators, by name (to choose an assignee)' })
  @ApiOkResponse({ description: 'Id, name and role of each', type: [DirectoryEntryDto] })
  directory(): Promise<DirectoryEntryDto[]> {
    return this.users.directory();
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Change a user’s role, name or active state (admin)' })
  @ApiOkResponse({ description: 'The changed user', type: UserViewDto })
  @ApiBadRequestResponse({ description: 'Malformed id, invalid or unknown fields' })
  @ApiForbiddenResponse({ description: 'Not an admin, or an admin changing their own role' })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'Would leave no active admin' })
  update(
    @CurrentUser() actor: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.users.update(actor, id, dto);
  }

  @Post(':id/password-reset')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Issue a one-time password (admin): the user must choose a new password after signing in with it; their sessions end',
  })
  @ApiOkResponse({ description: 'The one-time password, shown once', type: OneTimePasswordDto })
  @ApiBadRequestResponse({ description: 'Malformed id' })
  @ApiNotFoundResponse({ description: 'No such user' })
  resetPassword(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.users.resetPassword(id);
  }
}
