import { Routes } from '@angular/router';

export const statusRoutes: Routes = [
  {
    path: '',
    title: 'Status · Chat',
    loadComponent: () => import('./pages/status-page/status-page').then((m) => m.StatusPage),
  },
];
