import {
  HttpErrorResponse,
  HttpHandlerFn,
  HttpInterceptorFn,
  HttpRequest,
} from '@angular/common/http';
import { DOCUMENT, inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';

import { SessionStore } from './session.store';

/**
 * Sends the access token with our own API calls (the public auth endpoints do without) and, when it has
 * expired (401), refreshes it and repeats the call once: a second 401 reaches the caller.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!needsToken(request, inject(DOCUMENT).location)) return next(request);
  const session = inject(SessionStore);
  const token = session.accessToken();
  if (token === null) return next(request);

  return next(withToken(request, token)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      return retryWithFreshToken(request, next, session, token, error);
    }),
  );
};

function retryWithFreshToken(
  request: HttpRequest<unknown>,
  next: HttpHandlerFn,
  session: SessionStore,
  rejected: string,
  unauthorized: HttpErrorResponse,
) {
  return session.refreshAccessToken(rejected).pipe(
    // The caller asked for its request, not the refresh: a failed refresh reports the 401.
    catchError(() => throwError(() => unauthorized)),
    switchMap((fresh) => next(withToken(request, fresh))),
  );
}

/** The auth endpoints about the signed-in account (sessions, two-factor, password, SSO link). */
const SIGNED_IN_AUTH =
  /^\/api\/v1\/auth\/(sessions|2fa|oidc\/link)(\/|$)|^\/api\/v1\/auth\/password$/;

function needsToken(request: HttpRequest<unknown>, location: Location): boolean {
  // Never hand the token to another origin.
  const url = new URL(request.url, location.href);
  return (
    url.origin === location.origin &&
    url.pathname.startsWith('/api/') &&
    (!url.pathname.startsWith('/api/v1/auth/') || SIGNED_IN_AUTH.test(url.pathname))
  );
}

function withToken(request: HttpRequest<unknown>, token: string): HttpRequest<unknown> {
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}
