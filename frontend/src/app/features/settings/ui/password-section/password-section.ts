import { Component, DestroyRef, inject, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { finalize } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { focusFirstInvalid, setServerError } from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { SecurityStore } from '../../data-access/security.store';

/** Change the password, optionally signing every other device out. */
@Component({
  selector: 'app-password-section',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatCheckbox,
    MatButton,
    FormError,
  ],
  templateUrl: './password-section.html',
  styleUrl: '../section.scss',
})
export class PasswordSection {
  private readonly store = inject(SecurityStore);
  private readonly snackBar = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    currentPassword: ['', Validators.required],
    newPassword: ['', [Validators.required, Validators.minLength(8), Validators.maxLength(128)]],
    signOutOtherSessions: true,
  });
  protected readonly pending = signal(false);
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
    const { currentPassword, newPassword, signOutOtherSessions } = this.form.getRawValue();
    this.pending.set(true);
    this.store
      .changePassword(currentPassword, newPassword, signOutOtherSessions)
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.form.reset({ signOutOtherSessions });
          this.snackBar.open(
            signOutOtherSessions
              ? 'Password changed. Your other devices were signed out.'
              : 'Password changed.',
            undefined,
            { duration: 4000 },
          );
        },
        error: (error: unknown) => {
          const problem = readApiProblem(error);
          if (problem.status === 403) {
            setServerError(
              this.form.controls.currentPassword,
              'The current password is not correct',
            );
            focusFirstInvalid(this.inputs());
          } else {
            this.formError.set(describeApiProblem(problem));
          }
        },
      });
  }
}
