import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { SessionStore } from '../../core/auth/session.store';

/**
 * The admin console is for the workspace's admins; others go home. The server decides in the
 * end (403): this only spares a member a page of errors.
 */
export const adminGuard: CanActivateFn = () =>
  inject(SessionStore).user()?.serverRole === 'admin' ? true : inject(Router).createUrlTree(['/']);
