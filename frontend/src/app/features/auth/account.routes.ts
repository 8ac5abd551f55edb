import { Routes } from '@angular/router';

import { ForgotPasswordPage } from './pages/forgot-password-page/forgot-password-page';
import { SingleSignOnPage } from './pages/single-sign-on-page/single-sign-on-page';
import { ResetPasswordPage } from './pages/reset-password-page/reset-password-page';
import { TwoFactorStepPage } from './pages/two-factor-step-page/two-factor-step-page';
import { VerifyEmailPage } from './pages/verify-email-page/verify-email-page';

/*
 * The signed-out account pages (beside sign-in and sign-up) share one lazy chunk (the app's routes import this file for each):
 * a chunk per page would split what they share with the sign-in page into more files (P8).
 */

export const forgotPasswordRoutes: Routes = [
  { path: '', title: 'Forgot password · Chat', component: ForgotPasswordPage },
];

export const resetPasswordRoutes: Routes = [
  { path: '', title: 'Choose a new password · Chat', component: ResetPasswordPage },
];

export const verifyEmailRoutes: Routes = [
  { path: '', title: 'Verify email · Chat', component: VerifyEmailPage },
];

export const twoFactorStepRoutes: Routes = [
  { path: '', title: 'Two-factor code · Chat', component: TwoFactorStepPage },
];

export const singleSignOnRoutes: Routes = [
  { path: '', title: 'Single sign-on · Chat', component: SingleSignOnPage },
];
