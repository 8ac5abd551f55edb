import { Component, DestroyRef, effect, inject, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { finalize } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { focusFirstInvalid, showFieldErrors } from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { SecurityStore } from '../../data-access/security.store';

/** The account's email: for password resets; verified through a mailed link. */
@Component({
  selector: 'app-email-section',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatError,
    MatInput,
    MatButton,
    MatIcon,
    FormError,
  ],
  templateUrl: './email-section.html',
  styleUrl: '../section.scss',
})
export class EmailSection {
  protected readonly store = inject(SecurityStore);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
  });
  protected readonly editing = signal(false);
  protected readonly pending = signal(false);
  /** Set after a change: a link went out (or would have, with mail on). */
  protected readonly linkSent = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly inputs = viewChildren(MatInput);

  constructor() {
    effect(() => {
      const email = this.store.me()?.email ?? '';
      this.form.reset({ email });
    });
  }

  protected edit(): void {
    this.editing.set(true);
    this.formError.set(null);
  }

  protected cancel(): void {
    this.form.reset({ email: this.store.me()?.email ?? '' });
    this.editing.set(false);
  }

  protected submit(): void {
    if (this.pending()) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.inputs());
      return;
    }
    this.save(this.form.getRawValue().email.trim());
  }

  protected remove(): void {
    this.save(null);
  }

  /** Another link; the server limits how many, and says the same either way. */
  protected resend(): void {
    if (this.pending()) return;
    this.formError.set(null);
    this.pending.set(true);
    this.store
      .resendVerification()
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => this.linkSent.set(true),
        error: (error: unknown) => this.formError.set(describeApiProblem(readApiProblem(error))),
      });
  }

  private save(email: string | null): void {
    this.pending.set(true);
    this.store
      .changeEmail(email)
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (me) => {
          this.editing.set(false);
          this.linkSent.set(me.email !== null && !me.emailVerified);
        },
        error: (error: unknown) => {
          const problem = readApiProblem(error);
          this.formError.set(
            problem.status === 400
              ? showFieldErrors(this.form.controls, { email: 'Email' }, problem.messages)
              : describeApiProblem(problem),
          );
        },
      });
  }
}
