import { Routes } from '@angular/router';

import { authGuard } from './core/auth/auth.guards';
import { authRoutes } from './features/auth/auth.routes';

export const routes: Routes = [
  ...authRoutes,
  {
    // The signed-in home until the chat arrives.
    path: '',
    canActivate: [authGuard],
    loadChildren: () => import('./features/status/status.routes').then((m) => m.statusRoutes),
  },
  { path: '**', redirectTo: '' },
];
