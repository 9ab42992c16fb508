import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Role, ROLES } from '../users/role';
import type { User } from '../users/user.entity';
import type { CurrentSessionInfo } from './sessions.service';

export const PUBLIC_KEY = 'caseline:public';
export const ROLES_KEY = 'caseline:roles';
export const DURING_PASSWORD_CHANGE_KEY = 'caseline:during-password-change';

/** Opens a route to anyone: login, health, docs. Everything else is closed by default. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The roles that may call a route. A route with neither @Public nor @Roles is refused for
 * everybody (deny by default). Admins are always included: they may do everything.
 */
export function Roles(...roles: Role[]) {
  const allowed = Array.from(new Set([Role.Admin, ...roles]));
  return applyDecorators(
    SetMetadata(ROLES_KEY, allowed),
    ApiBearerAuth(),
    ApiExtension('x-roles', allowed),
    ApiCookieAuth(),
    ApiUnauthorizedResponse({ description: 'No valid bearer token or session cookie' }),
    ApiForbiddenResponse({ description: `Allowed roles: ${allowed.join(', ')}` }),
  );
}

/**
 * A route a user signed in with a one-time password may still call (who am I, sign out, change
 * the password); every other route answers 403 PASSWORD_CHANGE_REQUIRED for them.
 */
export const DuringPasswordChange = () => SetMetadata(DURING_PASSWORD_CHANGE_KEY, true);

/** Any signed-in user, whatever their role. */
export const AnyRole = () => Roles(...ROLES);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): User => {
  return ctx.switchToHttp().getRequest().user;
});

/** The browser session the request came with; undefined for a bearer token. */
export const CurrentSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CurrentSessionInfo | undefined => {
    return ctx.switchToHttp().getRequest().authSession;
  },
);
