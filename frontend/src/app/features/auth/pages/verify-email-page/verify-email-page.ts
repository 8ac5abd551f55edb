import { Component, inject, input, OnInit, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';

import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { AuthCard } from '../../ui/auth-card/auth-card';
import { AccountRecovery } from '../../data-access/account-recovery';

type Outcome = 'verifying' | 'verified' | 'invalid' | { readonly error: string };

/** The mailed verification link: confirms the address as soon as it opens. */
@Component({
  selector: 'app-verify-email-page',
  imports: [RouterLink, MatButton, AuthCard],
  templateUrl: './verify-email-page.html',
  styleUrl: '../auth-form.scss',
})
export class VerifyEmailPage implements OnInit {
  private readonly recovery = inject(AccountRecovery);
  protected readonly signedIn = inject(SessionStore).isSignedIn;

  /** From the link's path. */
  readonly token = input.required<string>();

  protected readonly outcome = signal<Outcome>('verifying');

  ngOnInit(): void {
    this.verify();
  }

  protected verify(): void {
    this.outcome.set('verifying');
    this.recovery.verifyEmail(this.token()).subscribe({
      next: () => this.outcome.set('verified'),
      error: (error: unknown) => {
        const problem = readApiProblem(error);
        this.outcome.set(
          problem.status === 403 || problem.status === 400
            ? 'invalid'
            : { error: describeApiProblem(problem) },
        );
      },
    });
  }

  protected errorOf(outcome: Outcome): string | null {
    return typeof outcome === 'object' ? outcome.error : null;
  }
}
