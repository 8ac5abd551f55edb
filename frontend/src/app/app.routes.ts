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
    // Only for the workspace's admins; loaded only when one opens it.
    path: 'admin',
    canActivate: [authGuard],
    loadChildren: () => import('./features/admin/admin.routes').then((m) => m.adminRoutes),
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
