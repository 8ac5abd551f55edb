import { Component, DestroyRef, inject, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { finalize } from 'rxjs';

import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { focusFirstInvalid, setServerError } from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';

export interface DeleteAccountDialogData {
  /** Two-factor is on: the server asks for a code too. */
  readonly twoFactor: boolean;
}

/** A code from the authenticator or a recovery code: the server's pattern. */
const ANY_CODE = /^(\d{6}|[A-Za-z2-7]{4}[- ]?[A-Za-z2-7]{4}[- ]?[A-Za-z2-7]{4})$/;

/** Asks who you are once more, then deletes the account and signs out. */
@Component({
  selector: 'app-delete-account-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatButton,
    FormError,
  ],
  templateUrl: './delete-account-dialog.html',
  styleUrl: './delete-account-dialog.scss',
})
export class DeleteAccountDialog {
  protected readonly data = inject<DeleteAccountDialogData>(MAT_DIALOG_DATA);
  private readonly session = inject(SessionStore);
  private readonly dialogRef = inject(MatDialogRef<DeleteAccountDialog>);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: ['', Validators.required],
    code: ['', this.data.twoFactor ? [Validators.required, Validators.pattern(ANY_CODE)] : []],
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
    const { password, code } = this.form.getRawValue();
    this.pending.set(true);
    this.dialogRef.disableClose = true;
    const body = this.data.twoFactor ? { password, code: code.trim() } : { password };
    this.session
      .deleteAccount(body)
      .pipe(
        finalize(() => {
          this.pending.set(false);
          this.dialogRef.disableClose = false;
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        // The session store has signed out and gone to the sign-in page; the dialog stays open
        // across router navigations unless closed.
        next: () => this.dialogRef.close(),
        error: (error: unknown) => {
          const problem = readApiProblem(error);
          if (problem.status === 403 && problem.messages.some((m) => m.includes('password'))) {
            setServerError(this.form.controls.password, 'The password is not correct');
            focusFirstInvalid(this.inputs());
          } else if (problem.status === 403 && this.data.twoFactor) {
            setServerError(this.form.controls.code, 'The code is not correct');
            focusFirstInvalid(this.inputs());
          } else {
            this.formError.set(describeApiProblem(problem));
          }
        },
      });
  }
}
