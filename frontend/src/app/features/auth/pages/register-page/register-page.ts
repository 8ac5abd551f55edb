import {
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  OnInit,
  signal,
  viewChildren,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { finalize } from 'rxjs';

import { safeReturnUrl } from '../../../../core/auth/auth.guards';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import {
  focusFirstInvalid,
  setServerError,
  showFieldErrors,
} from '../../../../shared/forms/form-errors';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import {
  policyFromRefusal,
  RegistrationPolicies,
  RegistrationPolicy,
} from '../../data-access/registration-policy';
import { OIDC_START_URL, SignInProviders } from '../../data-access/sign-in-providers';
import { AuthCard } from '../../ui/auth-card/auth-card';
import { usernameRule } from '../../username.validator';

@Component({
  selector: 'app-register-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormField,
    MatLabel,
    MatInput,
    MatHint,
    MatError,
    MatSuffix,
    MatButton,
    MatIconButton,
    MatIcon,
    AuthCard,
    FormError,
  ],
  templateUrl: './register-page.html',
  styleUrl: '../auth-form.scss',
})
export class RegisterPage implements OnInit {
  private readonly session = inject(SessionStore);
  private readonly policies = inject(RegistrationPolicies);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  /** From the query string: the private page the user was sent to sign in from. */
  readonly returnUrl = input<string>();
  /** From the path of an invite link, `/invite/<token>`. */
  readonly token = input<string>();

  protected readonly policy = signal<RegistrationPolicy>({ kind: 'loading' });
  /** Whether the form is offered: the policy lets one register, or the server could not say. */
  protected readonly formShown = computed(() =>
    ['open', 'invited', 'unknown'].includes(this.policy().kind),
  );
  protected readonly workspaceName = computed(() => {
    const policy = this.policy();
    return 'workspaceName' in policy ? policy.workspaceName : 'Chat';
  });
  protected readonly heading = computed(() => {
    const kind = this.policy().kind;
    return kind === 'invited'
      ? `Join ${this.workspaceName()}`
      : (HEADINGS[kind] ?? 'Create your account');
  });
  protected readonly subheading = computed(() => {
    if (this.policy().kind === 'invited') return 'You were invited: create your account';
    return this.formShown() ? `Join ${this.workspaceName()} in a few seconds` : '';
  });
  /** A bad invite on a server open to all: one may still register without it. */
  protected readonly openWithoutInvite = computed(() => {
    const policy = this.policy();
    return policy.kind === 'invite-invalid' && policy.open;
  });

  private readonly ssoLabel = toSignal(inject(SignInProviders).singleSignOn(), {
    initialValue: null,
  });
  /** Joining with the identity provider instead; an invite link's token goes along. */
  protected readonly sso = computed(() => {
    const label = this.ssoLabel();
    const kind = this.policy().kind;
    if (label === null || (kind !== 'open' && kind !== 'invited')) return null;
    const token = this.token();
    const invite = kind === 'invited' && token ? `?inviteToken=${encodeURIComponent(token)}` : '';
    return { label, url: `${OIDC_START_URL}${invite}` };
  });

  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: ['', [Validators.required, usernameRule]],
    displayName: ['', Validators.maxLength(64)],
    password: ['', [Validators.required, Validators.minLength(8), Validators.maxLength(128)]],
  });
  protected readonly pending = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly passwordVisible = signal(false);
  private readonly inputs = viewChildren(MatInput);

  ngOnInit(): void {
    this.policies
      .load(this.token())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((policy) => this.policy.set(policy));
  }

  protected submit(): void {
    if (this.pending()) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.inputs());
      return;
    }
    const { username, displayName, password } = this.form.getRawValue();
    this.pending.set(true);
    this.session
      .register({
        username: username.trim().toLowerCase(),
        password,
        // Without one the server uses the username.
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...(this.policy().kind === 'invited' ? { inviteToken: this.token() } : {}),
      })
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
    const problem = readApiProblem(error);
    const refused = problem.status === 403 && policyFromRefusal(problem.messages[0], this.policy());
    if (refused) {
      this.policy.set(refused);
      return;
    }
    if (problem.status === 409) {
      setServerError(this.form.controls.username, 'This username is already taken');
    } else if (problem.status === 400) {
      this.formError.set(showFieldErrors(this.form.controls, LABELS, problem.messages));
    } else {
      this.formError.set(describeApiProblem(problem));
    }
    focusFirstInvalid(this.inputs());
  }
}

const HEADINGS: Partial<Record<RegistrationPolicy['kind'], string>> = {
  closed: 'Registration is closed',
  'invite-needed': 'Invite only',
  'invite-invalid': 'This invite does not work',
};

const LABELS = { username: 'Username', displayName: 'Display name', password: 'Password' };
