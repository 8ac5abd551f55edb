import { Component, DestroyRef, DOCUMENT, inject, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { finalize } from 'rxjs';

import { safeReturnUrl } from '../../../../core/auth/auth.guards';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { focusFirstInvalid } from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { AuthCard } from '../../ui/auth-card/auth-card';

/** What the sign-in page hands over in the navigation's state (never in the URL). */
export interface TwoFactorStepState {
  readonly challengeToken: string;
  readonly returnUrl?: string;
}

/** A 6-digit code, or a recovery code `xxxx-xxxx-xxxx` (the server's pattern). */
const CODE = /^(\d{6}|[A-Za-z2-7]{4}[- ]?[A-Za-z2-7]{4}[- ]?[A-Za-z2-7]{4})$/;

/** The sign-in's second step: a code from the authenticator app, or a recovery code. */
@Component({
  selector: 'app-two-factor-step-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    MatError,
    MatButton,
    AuthCard,
    FormError,
  ],
  templateUrl: './two-factor-step-page.html',
  styleUrl: '../auth-form.scss',
})
export class TwoFactorStepPage {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly step = readStepState(
    this.router.currentNavigation()?.extras.state ?? inject(DOCUMENT).defaultView?.history.state,
  );

  /** Without a challenge (a reload, a bookmark) there is nothing to finish: sign in again. */
  protected readonly expired = signal(this.step === null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    code: ['', [Validators.required, Validators.pattern(CODE)]],
  });
  protected readonly pending = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly inputs = viewChildren(MatInput);

  protected submit(): void {
    if (this.pending() || this.step === null) return;
    this.formError.set(null);
    this.form.controls.code.setValue(this.form.controls.code.value.trim());
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.inputs());
      return;
    }
    this.pending.set(true);
    const { challengeToken, returnUrl } = this.step;
    this.session
      .loginTwoFactor(challengeToken, this.form.getRawValue().code)
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => void this.router.navigateByUrl(safeReturnUrl(returnUrl)),
        error: (error: unknown) => {
          const problem = readApiProblem(error);
          if (problem.status === 401 && problem.messages.includes('the code is not correct')) {
            this.formError.set('That code is not correct. Try the newest code from your app.');
            focusFirstInvalid(this.inputs());
          } else if (problem.status === 401) {
            // Too many wrong codes, or the challenge timed out: the password step again.
            this.expired.set(true);
          } else if (problem.status === 403) {
            this.formError.set(
              'Your account was deactivated. Ask an admin of this workspace to restore it.',
            );
          } else {
            this.formError.set(describeApiProblem(problem));
          }
        },
      });
  }
}

function readStepState(state: unknown): TwoFactorStepState | null {
  if (typeof state !== 'object' || state === null) return null;
  const { challengeToken, returnUrl } = state as Record<string, unknown>;
  if (typeof challengeToken !== 'string') return null;
  return { challengeToken, ...(typeof returnUrl === 'string' ? { returnUrl } : {}) };
}
