import { Component, inject, input, OnInit, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';

import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { OIDC_START_URL } from '../../data-access/sign-in-providers';
import { AuthCard } from '../../ui/auth-card/auth-card';

/** Why the server refused a single sign-on (`?error=` on its redirect here). */
export const SSO_REFUSALS: Readonly<Record<string, string>> = {
  cancelled: 'Signing in with your identity provider was cancelled.',
  expired:
    'This sign-in expired or was finished in another browser. Start again from the sign-in page.',
  failed: 'Your identity provider’s answer could not be verified. Try again, or ask an admin.',
  'registration-closed':
    'Your identity provider knows you, but this workspace takes no new accounts. Ask an admin.',
  'invite-required':
    'New accounts here need an invite. Open your invite link, or ask an admin for one.',
  deactivated: 'Your account was deactivated. Ask an admin of this workspace to restore it.',
};

const CHALLENGE = 'challenge=';

/**
 * Where the identity provider's sign-in lands: with the refresh cookie the server set, this
 * page trades it for the session; with a two-factor challenge (in the fragment, never sent to
 * a server) it goes on to the code step; with an error it says why.
 */
@Component({
  selector: 'app-single-sign-on-page',
  imports: [RouterLink, MatButton, AuthCard],
  templateUrl: './single-sign-on-page.html',
  styleUrl: '../auth-form.scss',
})
export class SingleSignOnPage implements OnInit {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** From the query string: the server's refusal. */
  readonly error = input<string>();

  protected readonly failure = signal<string | null>(null);
  protected readonly startUrl = OIDC_START_URL;

  ngOnInit(): void {
    const refusal = this.error();
    if (refusal !== undefined) {
      this.failure.set(SSO_REFUSALS[refusal] ?? SSO_REFUSALS['failed']);
      return;
    }
    // The router hands the fragment over decoded already.
    const fragment = this.route.snapshot.fragment ?? '';
    const challengeToken = fragment.startsWith(CHALLENGE) ? fragment.slice(CHALLENGE.length) : '';
    if (challengeToken) {
      void this.router.navigate(['/sign-in/code'], { state: { challengeToken }, replaceUrl: true });
      return;
    }
    this.session.resumeFromCookie().subscribe({
      next: () => void this.router.navigateByUrl('/', { replaceUrl: true }),
      error: (error: unknown) => {
        const problem = readApiProblem(error);
        this.failure.set(
          problem.status === 401 ? SSO_REFUSALS['expired'] : describeApiProblem(problem),
        );
      },
    });
  }
}
