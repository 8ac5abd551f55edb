import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  Optional,
  UseGuards,
} from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { AdminAccessPolicy } from './admin-access-policy';
import { UsersService } from './users.service';

/**
 * Lets only active admins through. The role is read from the database on every call, never
 * from the token, so a demotion or deactivation takes effect on the next request.
 */
@Injectable()
export class ServerAdminGuard implements CanActivate {
  constructor(
    private readonly users: UsersService,
    @Optional() private readonly policy?: AdminAccessPolicy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { user } = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const access = user ? await this.users.getAccess(user.id) : null;
    if (access?.serverRole !== 'admin' || access.deactivated) {
      throw new ForbiddenException('only workspace admins may do this');
    }
    const refusal = await this.policy?.refusal(user!.id);
    if (refusal) throw new ForbiddenException(refusal);
    return true;
  }
}

/**
 * A controller or route for workspace admins only: 401 without a token, 403 for everyone but an
 * admin. `x-admin-only` tells clients (and the authorization matrix) which operations these are.
 */
export function AdminOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(ServerAdminGuard),
    ApiSignedIn(),
    ApiErrors({ 403: 'The caller is not a workspace admin' }),
    ApiExtension('x-admin-only', true),
  );
}
