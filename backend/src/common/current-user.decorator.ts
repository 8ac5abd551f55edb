import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The caller as established by the access token. */
export interface AuthUser {
  id: string;
  username: string;
  /** The session (refresh token family) the access token belongs to. */
  sessionId?: string;
  /** Set for a widget visitor: the token reaches only this conversation (see GuestAllowed). */
  guest?: GuestScope;
}

/** A guest token's reach: one conversation, opened through one widget. */
export interface GuestScope {
  conversationId: string;
  widgetId: string;
}

/** Injects the authenticated caller (set by the global JWT guard). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<Request & { user: AuthUser }>();
  return request.user;
});
