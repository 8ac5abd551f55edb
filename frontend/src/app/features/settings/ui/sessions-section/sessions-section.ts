import { Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { filter, finalize, Observable, switchMap } from 'rxjs';

import { SessionDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import {
  confirmAction,
  ConfirmDialogData,
} from '../../../../shared/ui/confirm-dialog/confirm-dialog';
import { SecurityStore } from '../../data-access/security.store';

/** Where the account is signed in; sign one device out, or every other one. */
@Component({
  selector: 'app-sessions-section',
  imports: [MatButton],
  templateUrl: './sessions-section.html',
  styleUrls: ['../section.scss', './sessions-section.scss'],
})
export class SessionsSection {
  protected readonly store = inject(SecurityStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);

  /** A session being ended (its id), or `others` while every other one is. */
  protected readonly ending = signal<string | null>(null);

  protected deviceOf(session: SessionDto): string {
    return session.userAgent ?? 'Unknown device';
  }

  protected time(iso: string): string {
    return formatter.format(new Date(iso));
  }

  protected end(session: SessionDto): void {
    this.confirmThen(
      session.id,
      {
        title: 'Sign out this device?',
        message: `${this.deviceOf(session)} is signed out at once and must sign in again.`,
        confirm: 'Sign out',
      },
      () => this.store.endSession(session.id),
      'The device was signed out',
    );
  }

  protected endOthers(): void {
    this.confirmThen(
      'others',
      {
        title: 'Sign out every other device?',
        message: 'All your other devices are signed out at once. This one stays signed in.',
        confirm: 'Sign out others',
      },
      () => this.store.endOtherSessions(),
      'Your other devices were signed out',
    );
  }

  private confirmThen(
    id: string,
    question: ConfirmDialogData,
    action: () => Observable<void>,
    done: string,
  ): void {
    confirmAction(this.dialog, question)
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.ending.set(id);
          return action().pipe(finalize(() => this.ending.set(null)));
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => this.snackBar.open(done, undefined, { duration: 3000 }),
        error: (error: unknown) =>
          this.snackBar.open(describeApiProblem(readApiProblem(error)), 'Dismiss', {
            duration: 8000,
          }),
      });
  }
}

// Intl rather than Angular's DatePipe: that pipe's code and locale data would join the first visit.
const formatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
