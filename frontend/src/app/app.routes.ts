import { Routes } from '@angular/router';

import { authGuard, guestGuard } from './core/auth/auth.guards';
import { authRoutes } from './features/auth/auth.routes';

const accountPages = () => import('./features/auth/account.routes');

export const routes: Routes = [
  ...authRoutes,
  {
    path: 'forgot-password',
    canActivate: [guestGuard],
    loadChildren: () => accountPages().then((m) => m.forgotPasswordRoutes),
  },
  {
    // The mailed link: PUBLIC_URL/reset-password/<token>.
    path: 'reset-password/:token',
    loadChildren: () => accountPages().then((m) => m.resetPasswordRoutes),
  },
  {
    // The mailed link: PUBLIC_URL/verify-email/<token>; signed in or not.
    path: 'verify-email/:token',
    loadChildren: () => accountPages().then((m) => m.verifyEmailRoutes),
  },
  {
    // The sign-in's second step when two-factor is on (the challenge comes in the navigation).
    path: 'sign-in/code',
    canActivate: [guestGuard],
    loadChildren: () => accountPages().then((m) => m.twoFactorStepRoutes),
  },
  {
    // Where single sign-on comes back to: signs in with the cookie the server set, or says why not.
    path: 'sign-in/sso',
    canActivate: [guestGuard],
    loadChildren: () => accountPages().then((m) => m.singleSignOnRoutes),
  },
  {
    path: 'settings',
    canActivate: [authGuard],
    loadChildren: () => import('./features/settings/settings.routes').then((m) => m.settingsRoutes),
  },
  {
    path: 'status',
    canActivate: [authGuard],
    loadChildren: () => import('./features/status/status.routes').then((m) => m.statusRoutes),
  },
  {
    // Only for the workspace's admins; loaded only when one opens it.
    path: 'admin',
    canActivate: [authGuard],
    loadChildren: () => import('./features/admin/admin.routes').then((m) => m.adminRoutes),
  },
  {
    // Support agents' inbox of widget visitors; loaded only when one opens it, from the admin
    // console's chunk (see admin.routes.ts).
    path: 'inbox',
    canActivate: [authGuard],
    loadChildren: () => import('./features/admin/admin.routes').then((m) => m.inboxRoutes),
  },
  {
    // The signed-in home: the chat.
    path: '',
    canActivate: [authGuard],
    // The list's code (down to the placeholder beside it) loads while the person signs in.
    data: { preload: true },
    loadChildren: () => import('./features/chat/chat.routes').then((m) => m.chatRoutes),
  },
  { path: '**', redirectTo: '' },
];
