import { Routes } from '@angular/router';

export const routes: Routes = [
  {
    path: '',
    loadChildren: () => import('./features/status/status.routes').then((m) => m.statusRoutes),
  },
  { path: '**', redirectTo: '' },
];
