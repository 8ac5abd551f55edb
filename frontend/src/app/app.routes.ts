import { Routes } from '@angular/router';

import { authGuard } from './core/auth/auth.guards';
import { authRoutes } from './features/auth/auth.routes';

export const routes: Routes = [
  ...authRoutes,
  {
    path: 'status',
    canActivate: [authGuard],
    loadChildren: () => import('./features/status/status.routes').then((m) => m.statusRoutes),
  },
  {
    // The signed-in home: the chat.
    path: '',
    canActivate: [authGuard],
    loadChildren: () => import('./features/chat/chat.routes').then((m) => m.chatRoutes),
  },
  { path: '**', redirectTo: '' },
];
