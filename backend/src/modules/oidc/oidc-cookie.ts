import { parse } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';
import { OIDC_ATTEMPT_TTL_SECONDS } from './oidc-attempts';

const COOKIE = 'chat_oidc';
/** Only the callback reads it. */
const PATH = '/api/v1/auth/oidc';

/**
 * Binds an attempt to the browser that started it: the callback must bring the same state in
 * this cookie, so a stranger's callback link (login CSRF) signs nobody in. SameSite=Lax, since
 * the callback is a top-level navigation from the provider's site.
 */
export const oidcCookie = {
  set(req: Request, res: Response, state: string): void {
    res.cookie(COOKIE, state, { ...options(req), maxAge: OIDC_ATTEMPT_TTL_SECONDS * 1000 });
  },

  /** The state this browser was given, cleared as it is read (each attempt is single use). */
  take(req: Request, res: Response): string | undefined {
    const header = req.headers.cookie;
    const state = header ? parse(header)[COOKIE] : undefined;
    if (state !== undefined) res.clearCookie(COOKIE, options(req));
    return state;
  },
};

const options = (req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: 'lax',
  path: PATH,
  secure: req.secure,
});
