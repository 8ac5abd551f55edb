import { Routes } from '@angular/router';

import { adminGuard } from './admin.guard';

/** The admin console: a shell with a tab per area, each area its own lazy chunk. */
export const adminRoutes: Routes = [
  {
    path: '',
    // Here rather than in the app's routes, so its code stays out of the first visit.
    canActivate: [adminGuard],
    loadComponent: () => import('./pages/admin-page/admin-page').then((m) => m.AdminPage),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'people' },
      {
        path: 'people',
        title: 'People · Admin · Chat',
        loadComponent: () => import('./pages/people-tab/people-tab').then((m) => m.PeopleTab),
      },
      {
        path: 'invites',
        title: 'Invites · Admin · Chat',
        loadComponent: () => import('./pages/invites-tab/invites-tab').then((m) => m.InvitesTab),
      },
      {
        path: 'settings',
        title: 'Settings · Admin · Chat',
        loadComponent: () => import('./pages/settings-tab/settings-tab').then((m) => m.SettingsTab),
      },
      {
        path: 'audit',
        title: 'Audit log · Admin · Chat',
        loadComponent: () => import('./pages/audit-tab/audit-tab').then((m) => m.AuditTab),
      },
    ],
  },
];
