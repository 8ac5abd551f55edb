import { Injectable } from '@nestjs/common';
import { parse } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import type { IssuedSession } from './auth.service';
import type { AuthResponseDto, RefreshTokenTransport } from './dto/credentials.dto';

export const REFRESH_COOKIE = 'chat_refresh';
/** Only the refresh and logout calls need it: no other request carries the token. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
const DAY_MS = 86_400_000;

/**
 * The web client's refresh token, kept where script cannot read it: an HttpOnly, SameSite=Strict
 * cookie limited to the auth routes (so an injected script cannot steal a long-lived credential,
 * and another site cannot make the browser use it). API clients keep the token in the body.
 */
@Injectable()
export class RefreshCookie {
  constructor(private readonly config: AppConfig) {}

  /** The refresh token the browser sent, if any. */
  read(req: Request): string | undefined {
    const header = req.headers.cookie;
    return header ? parse(header)[REFRESH_COOKIE] : undefined;
  }

  /**
   * Answers a new session the way the client asked: in the body, or as the cookie with the
   * token left out of the body.
   */
  deliver(
    session: IssuedSession,
    transport: RefreshTokenTransport,
    req: Request,
    res: Response,
  ): AuthResponseDto {
    if (transport === 'body') return session;
    const { refreshToken, ...rest } = session;
    res.cookie(REFRESH_COOKIE, refreshToken, {
      ...this.options(req),
      maxAge: this.config.REFRESH_TOKEN_TTL_DAYS * DAY_MS,
    });
    return rest;
  }

  clear(req: Request, res: Response): void {
    if (this.read(req) !== undefined) res.clearCookie(REFRESH_COOKIE, this.options(req));
  }

  private options(req: Request): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
      // Over HTTPS (directly or behind a trusted proxy) only; plain HTTP on a LAN still works.
      secure: req.secure,
    };
  }
}
