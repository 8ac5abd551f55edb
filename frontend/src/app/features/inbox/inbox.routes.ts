import { inject } from '@angular/core';
import { CanActivateFn, Router, Routes } from '@angular/router';

import { SessionStore } from '../../core/auth/session.store';
import { InboxPage } from './pages/inbox-page/inbox-page';

/** Agents only: admins, or members with the support flag. The server decides in the end (403). */
export const agentGuard: CanActivateFn = () => {
  const user = inject(SessionStore).user();
  return user?.serverRole === 'admin' || user?.support === true
    ? true
    : inject(Router).createUrlTree(['/']);
};

export const inboxRoutes: Routes = [
  {
    path: '',
    title: 'Inbox · Chat',
    canActivate: [agentGuard],
    component: InboxPage,
  },
];
