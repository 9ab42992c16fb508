import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role, ROLES } from '../users/role';
import type { User } from '../users/user.entity';

export const PUBLIC_KEY = 'caseline:public';
export const ROLES_KEY = 'caseline:roles';

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
    ApiUnauthorizedResponse({ description: 'No valid bearer token' }),
    ApiForbiddenResponse({ description: `Allowed roles: ${allowed.join(', ')}` }),
  );
}

/** Any signed-in user, whatever their role. */
export const AnyRole = () => Roles(...ROLES);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): User => {
  return ctx.switchToHttp().getRequest().user;
});
