import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import { Repository } from 'typeorm';
import { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { DomainError } from '../http/domain-error';
import { requestContext } from '../http/request-context';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { DURING_PASSWORD_CHANGE_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { browserRequest } from './browser-request';
import {
  csrfTokenMatches,
  isSameOrigin,
  readSessionCookie,
  SAFE_METHODS,
  sessionCookieName,
  sessionCookieOptions,
} from './session-rules';
import { CurrentSessionInfo, SessionsService } from './sessions.service';
import { SharedReads } from './shared-reads';

type AuthedRequest = Request & { user?: User; authSession?: CurrentSessionInfo };

export interface TokenPayload {
  sub: string;
}

/**
 * Global guard: every route needs a valid HS256 bearer token or a live session cookie of an
 * active user, and a declared role set, unless marked @Public. A change made with the cookie
 * must also carry the session's CSRF token and come from the app's own origin; a user signed in
 * with a one-time password may call only the routes marked @DuringPasswordChange. The user is reloaded on each request, so deactivation and role changes
 * take effect on the next request.
 *
 * Requests of one user that pile up share reads of that user (SharedReads) instead of each reading
 * the same row: a page that fires several calls at once, or a burst of intakes, costs one or two
 * reads. Every request's user still comes from a read that began after the request arrived, so
 * the promise above holds exactly.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  private readonly users: Repository<User>;
  private readonly storedUsers: SharedReads<string, User | null>;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    @Inject(ConfigService) private readonly config: TypedConfigService,
    reads: ReadDatabase,
  ) {
    this.users = reads.source.getRepository(User);
    this.storedUsers = new SharedReads(
      (id) => this.users.findOneBy({ id }),
      (user) => user && Object.assign(new User(), user),
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const user = req.headers.authorization
      ? await this.authenticate(req)
      : await this.authenticateSession(req, context.switchToHttp().getResponse<Response>());
    req.user = user;
    const ctx = requestContext.get();
    if (ctx) ctx.userId = user.id;
    if (req.authSession && !SAFE_METHODS.has(req.method)) this.checkCsrf(req, req.authSession);

    if (
      user.passwordChangeRequired &&
      !this.reflector.getAllAndOverride<boolean>(DURING_PASSWORD_CHANGE_KEY, targets)
    ) {
      throw new DomainError(
        'PASSWORD_CHANGE_REQUIRED',
        'You signed in with a one-time password: choose a new password (POST /api/me/password) before anything else',
      );
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      this.logger.error({ route: req.route?.path }, 'route declares no roles: refused');
      throw new ForbiddenException('This route is not open to any role');
    }
    if (!roles.includes(user.role)) throw new ForbiddenException(`Your role (${user.role}) may not do this`);
    return true;
  }

  /** The session cookie: 401 without one, or when its session has ended (the cookie is then cleared). */
  private async authenticateSession(req: AuthedRequest, res: Response): Promise<User> {
    const name = sessionCookieName(req.secure);
    const token = readSessionCookie(req.headers.cookie, name);
    if (!token)
      throw new UnauthorizedException('Sign in first: a bearer token or a session cookie is required');
    try {
      const { session, userId } = await this.sessions.resolve(token);
      const user = await this.storedUsers.get(userId);
      if (!user || !user.active) throw new UnauthorizedException('Your account is deactivated');
      req.authSession = session;
      return user;
    } catch (e) {
      if (e instanceof UnauthorizedException) res.clearCookie(name, sessionCookieOptions(req.secure));
      throw e;
    }
  }

  /** Refuses (403, before the handler runs) a cookie-authenticated change from elsewhere or without the token. */
  private checkCsrf(req: AuthedRequest, session: CurrentSessionInfo): void {
    const browser = browserRequest(req, this.config.get('publicUrl', { infer: true }));
    if (!isSameOrigin(browser, browser.origins)) {
      throw new DomainError(
        'CSRF_REJECTED',
        'A change made with the session cookie must come from Caseline’s own pages (Origin or Sec-Fetch-Site)',
      );
    }
    if (!csrfTokenMatches(this.sessions.csrfToken(session.token), req.get('x-csrf-token'))) {
      throw new DomainError(
        'CSRF_REJECTED',
        'A change made with the session cookie needs the X-CSRF-Token header of GET /api/auth/session',
      );
    }
  }

  private async authenticate(req: Request): Promise<User> {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer token is required');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload & object>(match[1], { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException('Invalid or expired token');
    }
    const user =
      typeof payload.sub === 'string' && /^[0-9a-f-]{36}$/i.test(payload.sub)
        ? await this.storedUsers.get(payload.sub)
        : null;
    if (!user || !user.active) throw new UnauthorizedException('Invalid or expired token');
    return user;
  }
}
