import { Routes } from '@angular/router';

import { guestGuard } from '../../core/auth/auth.guards';

/** Top-level routes (spread into the app's), so each page is its own lazy chunk. */
export const authRoutes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in · Chat',
    canActivate: [guestGuard],
    loadComponent: () => import('./pages/sign-in-page/sign-in-page').then((m) => m.SignInPage),
  },
  {
    path: 'register',
    title: 'Create account · Chat',
    canActivate: [guestGuard],
    loadComponent: () => import('./pages/register-page/register-page').then((m) => m.RegisterPage),
  },
  {
    // An invite link: the registration page with the invite's token.
    path: 'invite/:token',
    title: 'Join · Chat',
    canActivate: [guestGuard],
    loadComponent: () => import('./pages/register-page/register-page').then((m) => m.RegisterPage),
  },
];
