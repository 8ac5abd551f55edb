import { DatePipe } from '@angular/common';
import { Component, DestroyRef, DOCUMENT, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { ActivatedRoute } from '@angular/router';
import { finalize } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { SecurityStore } from '../../data-access/security.store';

/** What the server's redirect back from a link attempt (`?sso=`) means. */
const LINK_OUTCOMES: Readonly<Record<string, string>> = {
  linked: 'Linked: you can now sign in with it.',
  'already-linked': 'That identity is already linked to another account here.',
  cancelled: 'Linking was cancelled.',
  expired: 'Linking took too long or was finished in another browser. Try again.',
  failed: 'The identity provider’s answer could not be verified. Try again, or ask an admin.',
};

/** Linked sign-in: sign in with the workspace's identity provider as well as the password. */
@Component({
  selector: 'app-linked-sign-in-section',
  imports: [MatButton, FormError, DatePipe],
  templateUrl: './linked-sign-in-section.html',
  styleUrl: '../section.scss',
})
export class LinkedSignInSection {
  protected readonly store = inject(SecurityStore);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly pending = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** The outcome of a link attempt the provider just sent the browser back from. */
  protected readonly outcome = signal(
    linkOutcome(inject(ActivatedRoute).snapshot.queryParamMap.get('sso')),
  );

  protected link(): void {
    if (this.pending()) return;
    this.begin();
    this.store
      .startSsoLink()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        // The page leaves for the provider: `pending` stays on until it does.
        next: (url) => this.document.location.assign(url),
        error: (error: unknown) => this.fail(error),
      });
  }

  protected unlink(): void {
    if (this.pending()) return;
    this.begin();
    this.store
      .unlinkSso()
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({ error: (error: unknown) => this.fail(error) });
  }

  private begin(): void {
    this.formError.set(null);
    this.outcome.set(null);
    this.pending.set(true);
  }

  private fail(error: unknown): void {
    this.pending.set(false);
    this.formError.set(describeApiProblem(readApiProblem(error)));
  }
}

function linkOutcome(code: string | null): string | null {
  return code === null ? null : (LINK_OUTCOMES[code] ?? LINK_OUTCOMES['failed']);
}
