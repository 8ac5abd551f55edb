import { Clipboard } from '@angular/cdk/clipboard';
import { Component, DestroyRef, DOCUMENT, inject, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { finalize } from 'rxjs';

import { TwoFactorSetupDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { focusFirstInvalid, setServerError } from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { SecurityStore } from '../../data-access/security.store';
import { qrCodeDataUrl } from './qr-code';

/** Where the section is: off, scanning a new secret, showing the codes once, or on. */
type Step =
  | { readonly kind: 'idle' }
  | { readonly kind: 'setup'; readonly setup: TwoFactorSetupDto; readonly qr: string | null }
  | { readonly kind: 'codes'; readonly codes: readonly string[] }
  | { readonly kind: 'disabling' };

/** A code from the authenticator, or (to turn it off) a recovery code: the server's pattern. */
const ANY_CODE = /^(\d{6}|[A-Za-z2-7]{4}[- ]?[A-Za-z2-7]{4}[- ]?[A-Za-z2-7]{4})$/;

/** Two-factor sign-in (TOTP): set up with a QR code, recovery codes once, turn off. */
@Component({
  selector: 'app-two-factor-section',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatButton,
    FormError,
  ],
  templateUrl: './two-factor-section.html',
  styleUrls: ['../section.scss', './two-factor-section.scss'],
})
export class TwoFactorSection {
  protected readonly store = inject(SecurityStore);
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly step = signal<Step>({ kind: 'idle' });
  protected readonly pending = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly enableForm = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(/^\d{6}$/)]],
  });
  protected readonly disableForm = this.fb.group({
    password: ['', Validators.required],
    code: ['', [Validators.required, Validators.pattern(ANY_CODE)]],
  });
  private readonly inputs = viewChildren(MatInput);

  protected startSetup(): void {
    if (this.pending()) return;
    this.formError.set(null);
    this.pending.set(true);
    this.store
      .setupTwoFactor()
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (setup) => {
          this.enableForm.reset();
          this.step.set({ kind: 'setup', setup, qr: null });
          qrCodeDataUrl(setup.otpauthUrl).then(
            (qr) => {
              const step = this.step();
              if (step.kind === 'setup' && step.setup === setup) this.step.set({ ...step, qr });
            },
            // Without the image the secret below still works: it is typed in by hand.
            () => undefined,
          );
        },
        error: (error: unknown) => this.formError.set(describeApiProblem(readApiProblem(error))),
      });
  }

  protected confirmSetup(): void {
    if (this.pending()) return;
    this.formError.set(null);
    const control = this.enableForm.controls.code;
    control.setValue(control.value.replace(/\s/g, ''));
    if (this.enableForm.invalid) {
      this.enableForm.markAllAsTouched();
      focusFirstInvalid(this.inputs());
      return;
    }
    this.pending.set(true);
    this.store
      .enableTwoFactor(control.value)
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (codes) => this.step.set({ kind: 'codes', codes }),
        error: (error: unknown) => {
          const problem = readApiProblem(error);
          if (problem.status === 403) {
            setServerError(control, 'That code is not correct: try the newest one');
            focusFirstInvalid(this.inputs());
          } else {
            this.formError.set(describeApiProblem(problem));
          }
        },
      });
  }

  protected copyCodes(codes: readonly string[]): void {
    if (this.clipboard.copy(codes.join('\n'))) {
      this.snackBar.open('Recovery codes copied', undefined, { duration: 3000 });
    }
  }

  protected downloadCodes(codes: readonly string[]): void {
    const url = URL.createObjectURL(
      new Blob([`${codes.join('\n')}\n`], { type: 'text/plain;charset=utf-8' }),
    );
    const link = this.document.createElement('a');
    link.href = url;
    link.download = 'chat-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  }

  protected startDisable(): void {
    this.disableForm.reset();
    this.formError.set(null);
    this.step.set({ kind: 'disabling' });
  }

  protected confirmDisable(): void {
    if (this.pending()) return;
    this.formError.set(null);
    if (this.disableForm.invalid) {
      this.disableForm.markAllAsTouched();
      focusFirstInvalid(this.inputs());
      return;
    }
    const { password, code } = this.disableForm.getRawValue();
    this.pending.set(true);
    this.store
      .disableTwoFactor(password, code.trim())
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.step.set({ kind: 'idle' });
          this.snackBar.open('Two-factor sign-in is off', undefined, { duration: 3000 });
        },
        error: (error: unknown) => {
          const problem = readApiProblem(error);
          this.formError.set(
            problem.status === 403
              ? 'The password or the code is not correct.'
              : describeApiProblem(problem),
          );
        },
      });
  }

  protected cancel(): void {
    this.formError.set(null);
    this.step.set({ kind: 'idle' });
  }

  /** The secret in groups of four, easier to type into an app by hand. */
  protected grouped(secret: string): string {
    return secret.replace(/(.{4})/g, '$1 ').trim();
  }
}
