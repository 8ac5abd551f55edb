import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { SessionStore } from './session.store';

/** Private pages: guests sign in first and come back afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(SessionStore).isSignedIn()) return true;
  return inject(Router).createUrlTree(['/sign-in'], {
    queryParams: state.url === '/' ? {} : { returnUrl: state.url },
  });
};

/** Sign-in and registration: a signed-in user has nothing to do there. */
export const guestGuard: CanActivateFn = () =>
  inject(SessionStore).isSignedIn() ? inject(Router).createUrlTree(['/']) : true;

/** Where to go after signing in: only a path inside the app, never another site. */
export function safeReturnUrl(returnUrl: string | undefined): string {
  return returnUrl !== undefined && /^\/(?![/\\])/.test(returnUrl) ? returnUrl : '/';
}
