import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { TypedConfigService } from '../config/config.module';
import { ChangePasswordDto } from '../users/dto/change-password.dto';
import { UserViewDto } from '../users/dto/user-view.dto';
import { toUserView, User } from '../users/user.entity';
import { AnyRole, CurrentSession, CurrentUser, DuringPasswordChange, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { browserRequest } from './browser-request';
import { LoginDto } from './dto/login.dto';
import { LoginResponseDto } from './dto/login-response.dto';
import { SessionViewDto } from './dto/session-view.dto';
import { sessionCookieName, sessionCookieOptions } from './session-rules';
import { CurrentSessionInfo, SessionsService } from './sessions.service';

const THROTTLED = 'More than 10 failures for this account or address in 15 minutes';

/** A bearer-token caller has no browser session to describe or end. */
function requireSession(session: CurrentSessionInfo | undefined): CurrentSessionInfo {
  if (!session) throw new UnauthorizedException('No browser session: sign in with POST /api/auth/session');
  return session;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ description: 'A bearer token and the user', type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed body (fields named)' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (same answer for unknown emails)' })
  @ApiTooManyRequestsResponse({ description: THROTTLED })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
  }

  @Post('auth/session')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign a browser in: sets the HttpOnly session cookie (Secure and __Host- over HTTPS)',
  })
  @ApiOkResponse({ description: 'Who is signed in, and the CSRF token for changes', type: SessionViewDto })
  @ApiBadRequestResponse({ description: 'Malformed body (fields named)' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (same answer for unknown emails)' })
  @ApiForbiddenResponse({ description: 'The sign-in form was posted from another site' })
  @ApiTooManyRequestsResponse({ description: THROTTLED })
  async signIn(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const browser = browserRequest(req, this.config.get('publicUrl', { infer: true }));
    const { session, view } = await this.auth.signIn(dto.email, dto.password, browser);
    res.cookie(sessionCookieName(browser.secure), session.token, sessionCookieOptions(browser.secure));
    return view;
  }

  @Get('auth/session')
  @AnyRole()
  @DuringPasswordChange()
  @ApiOperation({ summary: 'Who is signed in in this browser, and the CSRF token for changes' })
  @ApiOkResponse({ description: 'The session', type: SessionViewDto })
  session(@CurrentUser() user: User, @CurrentSession() session?: CurrentSessionInfo) {
    return this.sessions.describe(user, requireSession(session));
  }

  @Delete('auth/session')
  @AnyRole()
  @DuringPasswordChange()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session on the server, so its cookie is refused from now on' })
  @ApiNoContentResponse({ description: 'Signed out; the cookie is cleared' })
  async signOut(
    @CurrentUser() user: User,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentSession() session?: CurrentSessionInfo,
  ) {
    await this.sessions.end(requireSession(session).id, user.id, 'signed_out');
    res.clearCookie(sessionCookieName(req.secure), sessionCookieOptions(req.secure));
  }

  @Get('me')
  @AnyRole()
  @DuringPasswordChange()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ description: 'The caller', type: UserViewDto })
  me(@CurrentUser() user: User) {
    return toUserView(user);
  }

  @Post('me/password')
  @AnyRole()
  @DuringPasswordChange()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change your password; your other browser sessions are signed out',
  })
  @ApiOkResponse({
    description: 'The caller, no longer required to change their password',
    type: UserViewDto,
  })
  @ApiBadRequestResponse({
    description:
      'currentPassword wrong, or newPassword under 12 characters, commonly used, your email, or unchanged (field named)',
  })
  @ApiTooManyRequestsResponse({ description: THROTTLED })
  changePassword(
    @CurrentUser() user: User,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
    @CurrentSession() session?: CurrentSessionInfo,
  ) {
    return this.auth.changePassword(user, dto, req.ip ?? 'unknown', session);
  }
}
