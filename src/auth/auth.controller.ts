import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { User } from '../users/user.entity';
import { AnyRole, CurrentUser, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { LoginResponseDto } from './dto/login-response.dto';
import { toUserView, UserViewDto } from '../users/dto/user-view.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ description: 'A bearer token and the user', type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed body (fields named)' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (same answer for unknown emails)' })
  @ApiTooManyRequestsResponse({
    description: 'More than 10 failures for this account or address in 15 minutes',
  })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
  }

  @Get('me')
  @AnyRole()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ description: 'The caller', type: UserViewDto })
  me(@CurrentUser() user: User) {
    return toUserView(user);
  }
}
