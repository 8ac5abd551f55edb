import { Clipboard } from '@angular/cdk/clipboard';
import { Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { filter, finalize, switchMap } from 'rxjs';

import { InviteSummaryDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { confirmAction } from '../../../../shared/ui/confirm-dialog/confirm-dialog';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { AdminInvitesStore } from '../../data-access/invites.store';
import { formatTime } from '../../ui/admin-time';

const USES_CHOICES = [
  { value: 1, label: 'One person' },
  { value: 5, label: '5 people' },
  { value: 25, label: '25 people' },
  { value: 0, label: 'No limit' },
] as const;

const EXPIRY_CHOICES = [
  { value: 1, label: '1 hour' },
  { value: 24, label: '1 day' },
  { value: 168, label: '7 days' },
  { value: 720, label: '30 days' },
] as const;

/** Invite links: make one (how many may use it, for how long), copy it, see uses, revoke. */
@Component({
  selector: 'app-invites-tab',
  imports: [
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    MatButton,
    MatIcon,
    MatProgressBar,
    ErrorState,
    FormError,
  ],
  templateUrl: './invites-tab.html',
  styleUrls: ['../admin-tab.scss', './invites-tab.scss'],
})
export class InvitesTab implements OnInit {
  protected readonly store = inject(AdminInvitesStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly usesChoices = USES_CHOICES;
  protected readonly expiryChoices = EXPIRY_CHOICES;
  /** The form's choices; plain signals and native selects keep Angular's forms code out of the chat's chunks. */
  protected readonly maxUses = signal<number>(USES_CHOICES[0].value);
  protected readonly expiresInHours = signal<number>(EXPIRY_CHOICES[2].value);
  protected readonly creating = signal(false);
  protected readonly createError = signal<string | null>(null);

  ngOnInit(): void {
    this.store.load();
  }

  protected create(): void {
    if (this.creating()) return;
    const maxUses = this.maxUses();
    const expiresInHours = this.expiresInHours();
    this.creating.set(true);
    this.createError.set(null);
    this.store
      .create({ expiresInHours, ...(maxUses > 0 ? { maxUses } : {}) })
      .pipe(
        finalize(() => this.creating.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        error: (error: unknown) => this.createError.set(describeApiProblem(readApiProblem(error))),
      });
  }

  /** A native select's value, as the number its option stands for. */
  protected choose(target: 'maxUses' | 'expiresInHours', value: string): void {
    this[target].set(Number(value));
  }

  protected copy(url: string): void {
    const copied = this.clipboard.copy(url);
    this.snackBar.open(copied ? 'Link copied' : 'Copy the link by hand', undefined, {
      duration: 3000,
    });
  }

  protected revoke(invite: InviteSummaryDto): void {
    confirmAction(this.dialog, {
      title: 'Revoke this invite?',
      message: 'Its link stops working at once. Accounts already made with it stay.',
      confirm: 'Revoke',
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.revoke(invite)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => this.snackBar.open('Invite revoked', undefined, { duration: 3000 }),
        error: (error: unknown) =>
          this.snackBar.open(describeApiProblem(readApiProblem(error)), 'Dismiss', {
            duration: 8000,
          }),
      });
  }

  protected readonly formatTime = formatTime;

  protected usesText(invite: InviteSummaryDto): string {
    const used = invite.uses === 1 ? '1 use' : `${invite.uses} uses`;
    return invite.maxUses === null
      ? `${used}, no limit`
      : `${invite.uses} of ${invite.maxUses} used`;
  }

  protected usedUp(invite: InviteSummaryDto): boolean {
    return invite.maxUses !== null && invite.uses >= invite.maxUses;
  }
}
