import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const GUEST_ACCESS = 'guestAccess';

/** What a guest token may reach on a route that lets guests in. */
export interface GuestAccess {
  /** The route parameter holding a conversation id, which must be the guest's own; null: none. */
  conversationParam: string | null;
}

/**
 * Puts a signed-in route on the guest allow-list (every other one answers a guest 403). With
 * `conversationParam`, only the guest's own conversation is reachable (any other: 404, as for
 * a non-member). `x-guest-allowed` tells clients and the authorization matrix which these are.
 */
export function GuestAllowed(conversationParam?: string): MethodDecorator {
  return applyDecorators(
    SetMetadata(GUEST_ACCESS, { conversationParam: conversationParam ?? null }),
    ApiExtension('x-guest-allowed', true),
  );
}
