import { Component, DestroyRef, inject, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { catchError, finalize, map, of } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { focusFirstInvalid } from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { AuthCard } from '../../ui/auth-card/auth-card';
import { AccountRecovery } from '../../data-access/account-recovery';

/**
 * Asks for a reset link by username or email. The answer is the same whether or not the account
 * exists, so the page never tells who has an account here.
 */
@Component({
  selector: 'app-forgot-password-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormField,
    MatLabel,
    MatInput,
    MatError,
    MatButton,
    AuthCard,
    FormError,
  ],
  templateUrl: './forgot-password-page.html',
  styleUrl: '../auth-form.scss',
})
export class ForgotPasswordPage {
  private readonly recovery = inject(AccountRecovery);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    login: ['', Validators.required],
  });
  /** Whether the server mails at all; null while unknown (then the form is offered). */
  protected readonly mailEnabled = toSignal(
    this.recovery.providers().pipe(
      map((providers) => providers.mail),
      catchError(() => of(null)),
    ),
    { initialValue: null },
  );
  protected readonly pending = signal(false);
  protected readonly sent = signal(false);
  protected readonly formError = signal<string | null>(null);
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
      .forgotPassword(this.form.getRawValue().login.trim())
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => this.sent.set(true),
        error: (error: unknown) => this.formError.set(describeApiProblem(readApiProblem(error))),
      });
  }
}
