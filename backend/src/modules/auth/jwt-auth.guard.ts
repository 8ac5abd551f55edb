import {
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { AuthUser } from '../../common/current-user.decorator';
import { GUEST_ACCESS, type GuestAccess } from '../../common/guest-access';
import { IS_PUBLIC } from '../../common/public.decorator';

/**
 * Global guard: every HTTP route needs a valid access token unless marked `@Public()`. A
 * widget visitor's guest token passes only routes on the guest allow-list (`@GuestAllowed`),
 * and only for its own conversation.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets are authenticated once, at the handshake (see the realtime gateway).
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const allowed = await (super.canActivate(context) as Promise<boolean>);
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const guest = request.user?.guest;
    if (guest) {
      const access = this.reflector.get<GuestAccess | undefined>(
        GUEST_ACCESS,
        context.getHandler(),
      );
      if (!access) throw new ForbiddenException('a widget visitor may not do this');
      const param = access.conversationParam;
      // As for a non-member: another conversation is never revealed to exist.
      if (param && request.params[param] !== guest.conversationId) {
        throw new NotFoundException('conversation not found');
      }
    }
    return allowed;
  }
}
