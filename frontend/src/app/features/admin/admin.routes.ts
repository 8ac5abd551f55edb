import { Routes } from '@angular/router';

import { adminGuard } from './admin.guard';
import { AdminPage } from './pages/admin-page/admin-page';
import { AuditTab } from './pages/audit-tab/audit-tab';
import { InvitesTab } from './pages/invites-tab/invites-tab';
import { PeopleTab } from './pages/people-tab/people-tab';
import { SettingsTab } from './pages/settings-tab/settings-tab';
import { WidgetsTab } from './pages/widgets-tab/widgets-tab';

/**
 * The support inbox rides in this chunk: a lazy entry of its own would split the modules it
 * shares with the chat into more files of the first visit (measured: +7.8 kB, 5 more requests).
 */
export { inboxRoutes } from '../inbox/inbox.routes';

/**
 * The admin console: a shell with a tab per area, loaded as one lazy chunk. Not a chunk per tab:
 * each extra lazy entry splits the modules it shares with the chat into more, smaller files,
 * and the chat's first visit then downloads more of them (P8).
 */
export const adminRoutes: Routes = [
  {
    path: '',
    // Here rather than in the app's routes, so its code stays out of the first visit.
    canActivate: [adminGuard],
    component: AdminPage,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'people' },
      { path: 'people', title: 'People · Admin · Chat', component: PeopleTab },
      { path: 'invites', title: 'Invites · Admin · Chat', component: InvitesTab },
      { path: 'widgets', title: 'Widgets · Admin · Chat', component: WidgetsTab },
      { path: 'settings', title: 'Settings · Admin · Chat', component: SettingsTab },
      { path: 'audit', title: 'Audit log · Admin · Chat', component: AuditTab },
    ],
  },
];
