import { Component, DestroyRef, inject, input, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { finalize } from 'rxjs';

import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { focusFirstInvalid } from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { AuthCard } from '../../ui/auth-card/auth-card';
import { AccountRecovery } from '../../data-access/account-recovery';

/** The mailed (or admin-made) reset link: a new password, then sign in with it. */
@Component({
  selector: 'app-reset-password-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    MatError,
    MatSuffix,
    MatButton,
    MatIconButton,
    MatIcon,
    AuthCard,
    FormError,
  ],
  templateUrl: './reset-password-page.html',
  styleUrl: '../auth-form.scss',
})
export class ResetPasswordPage {
  private readonly recovery = inject(AccountRecovery);
  private readonly session = inject(SessionStore);
  private readonly destroyRef = inject(DestroyRef);

  /** From the link's path. */
  readonly token = input.required<string>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: ['', [Validators.required, Validators.minLength(8), Validators.maxLength(128)]],
  });
  protected readonly pending = signal(false);
  protected readonly done = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly passwordVisible = signal(false);
  private readonly inputs = viewChildren(MatInput);

  protected submit(): void {
    if (this.pending()) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.inputs());
      return;
    }
    this.pending.set(true);
    this.recovery
      .resetPassword(this.token(), this.form.getRawValue().password)
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          // The reset ended every session, this browser's too if it had one.
          if (this.session.isSignedIn()) this.session.logout();
          this.done.set(true);
        },
        error: (error: unknown) => {
          const problem = readApiProblem(error);
          this.formError.set(
            problem.status === 403 || problem.status === 404
              ? 'This link does not work any more: it was used, or it is over an hour old. Ask for a new one.'
              : describeApiProblem(problem),
          );
        },
      });
  }
}
