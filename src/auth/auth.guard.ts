import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { Repository } from 'typeorm';
import { ReadDatabase } from '../database/read-database';
import { requestContext } from '../http/request-context';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { SharedReads } from './shared-reads';

export interface TokenPayload {
  sub: string;
}

/**
 * Global guard: every route needs a valid HS256 token of an active user and a declared role set,
 * unless marked @Public. The user is reloaded on each request, so deactivation and role changes
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

    const req = context.switchToHttp().getRequest<Request & { user?: User }>();
    const user = await this.authenticate(req);
    req.user = user;
    const ctx = requestContext.get();
    if (ctx) ctx.userId = user.id;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      this.logger.error({ route: req.route?.path }, 'route declares no roles: refused');
      throw new ForbiddenException('This route is not open to any role');
    }
    if (!roles.includes(user.role)) throw new ForbiddenException(`Your role (${user.role}) may not do this`);
    return true;
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
