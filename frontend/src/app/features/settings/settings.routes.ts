import { Routes } from '@angular/router';

import { SecurityPage } from './pages/security-page/security-page';

/** The signed-in person's own settings, one lazy chunk (the QR code library loads on demand). */
export const settingsRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'security' },
  { path: 'security', title: 'Security · Chat', component: SecurityPage },
];
