import {
  Component,
  DestroyRef,
  inject,
  input,
  linkedSignal,
  signal,
  viewChildren,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { finalize } from 'rxjs';

import { safeReturnUrl } from '../../../../core/auth/auth.guards';
import {
  SessionStore,
  SignOutReason,
  TwoFactorRequired,
} from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { focusFirstInvalid, showFieldErrors } from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { OIDC_START_URL, SignInProviders } from '../../data-access/sign-in-providers';
import { AuthCard } from '../../ui/auth-card/auth-card';

@Component({
  selector: 'app-sign-in-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormField,
    MatLabel,
    MatInput,
    MatError,
    MatSuffix,
    MatButton,
    MatIconButton,
    MatIcon,
    AuthCard,
    FormError,
  ],
  templateUrl: './sign-in-page.html',
  styleUrl: '../auth-form.scss',
})
export class SignInPage {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  /** From the query string: the private page the user was sent here from. */
  readonly returnUrl = input<string>();
  /** From the query string: why the app signed the user out on its own. */
  readonly reason = input<SignOutReason>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly pending = signal(false);
  /** Why they are here, until they try again: they did not choose to sign out. */
  protected readonly formError = linkedSignal<string | null>(() =>
    this.reason() === 'deactivated' ? DEACTIVATED : null,
  );
  protected readonly passwordVisible = signal(false);
  /** The single sign-on button's label, when the server offers one. */
  protected readonly sso = toSignal(inject(SignInProviders).singleSignOn(), { initialValue: null });
  protected readonly ssoUrl = OIDC_START_URL;
  private readonly inputs = viewChildren(MatInput);

  protected submit(): void {
    if (this.pending()) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.inputs());
      return;
    }
    const { username, password } = this.form.getRawValue();
    this.pending.set(true);
    this.session
      .login({ username: username.trim().toLowerCase(), password })
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => void this.router.navigateByUrl(safeReturnUrl(this.returnUrl())),
        error: (error: unknown) => this.showError(error),
      });
  }

  private showError(error: unknown): void {
    if (error instanceof TwoFactorRequired) {
      void this.router.navigate(['/sign-in/code'], {
        state: { challengeToken: error.challengeToken, returnUrl: this.returnUrl() },
      });
      return;
    }
    const problem = readApiProblem(error);
    if (problem.status === 401) {
      this.formError.set('Invalid username or password.');
    } else if (problem.status === 403 && problem.messages.includes('account deactivated')) {
      this.formError.set(DEACTIVATED);
    } else if (problem.status === 400) {
      this.formError.set(showFieldErrors(this.form.controls, LABELS, problem.messages));
      focusFirstInvalid(this.inputs());
    } else {
      this.formError.set(describeApiProblem(problem));
    }
  }
}

const LABELS = { username: 'Username', password: 'Password' };
const DEACTIVATED = 'Your account was deactivated. Ask an admin of this workspace to restore it.';
