import { Component, DestroyRef, inject, OnInit } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { filter, switchMap } from 'rxjs';

import { SessionStore } from '../../../../core/auth/session.store';
import { UpdateAdminUserDto, UserDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import {
  confirmAction,
  ConfirmDialogData,
} from '../../../../shared/ui/confirm-dialog/confirm-dialog';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { AdminPeopleStore } from '../../data-access/people.store';
import { ResetLinkDialog, ResetLinkDialogData } from '../../ui/reset-link-dialog/reset-link-dialog';
import { UserBadges } from '../../ui/user-badges/user-badges';

/** Wait this long after the last keystroke before searching. */
const SEARCH_DEBOUNCE_MS = 250;

/** Everyone in the workspace: search, make or unmake admins, deactivate and reactivate. */
@Component({
  selector: 'app-people-tab',
  imports: [
    MatFormField,
    MatLabel,
    MatPrefix,
    MatInput,
    MatIcon,
    MatButton,
    MatIconButton,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    MatProgressBar,
    Avatar,
    ErrorState,
    UserBadges,
  ],
  templateUrl: './people-tab.html',
  styleUrl: '../admin-tab.scss',
})
export class PeopleTab implements OnInit {
  protected readonly store = inject(AdminPeopleStore);
  protected readonly me = inject(SessionStore).user;
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  ngOnInit(): void {
    this.store.search(this.store.query());
    this.destroyRef.onDestroy(() => clearTimeout(this.searchTimer));
  }

  protected onSearch(query: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.store.search(query), SEARCH_DEBOUNCE_MS);
  }

  protected setRole(user: UserDto, role: 'admin' | 'member'): void {
    this.confirmThenUpdate(
      user,
      { serverRole: role },
      role === 'admin'
        ? {
            title: `Make ${user.displayName} an admin?`,
            message:
              'Admins manage people, invites, settings and read the audit log of the whole workspace.',
            confirm: 'Make admin',
          }
        : {
            title: `Remove ${user.displayName} as admin?`,
            message: 'They stay a member and keep their conversations.',
            confirm: 'Remove admin',
          },
      role === 'admin' ? `${user.displayName} is now an admin` : `${user.displayName} is a member`,
    );
  }

  /** The support team answers widget visitors from the inbox (admins always can). */
  protected setSupport(user: UserDto, support: boolean): void {
    this.confirmThenUpdate(
      user,
      { support },
      support
        ? {
            title: `Add ${user.displayName} to the support team?`,
            message:
              'They see the inbox of widget visitors who ask for a person, and can answer them.',
            confirm: 'Add to support team',
          }
        : {
            title: `Remove ${user.displayName} from the support team?`,
            message: 'They no longer see the inbox; conversations they claimed stay theirs.',
            confirm: 'Remove',
          },
      support
        ? `${user.displayName} is on the support team`
        : `${user.displayName} left the support team`,
    );
  }

  protected setDeactivated(user: UserDto, deactivated: boolean): void {
    this.confirmThenUpdate(
      user,
      { deactivated },
      deactivated
        ? {
            title: `Deactivate ${user.displayName}?`,
            message:
              'They are signed out everywhere at once and cannot sign in again until reactivated. Their messages stay.',
            confirm: 'Deactivate',
          }
        : {
            title: `Reactivate ${user.displayName}?`,
            message: 'They can sign in again with their password.',
            confirm: 'Reactivate',
          },
      deactivated ? `${user.displayName} was deactivated` : `${user.displayName} was reactivated`,
    );
  }

  /** A one-hour reset link to hand over, for someone who cannot get mail from this server. */
  protected createResetLink(user: UserDto): void {
    this.store
      .createResetLink(user)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (url) =>
          this.dialog.open<ResetLinkDialog, ResetLinkDialogData>(ResetLinkDialog, {
            data: { displayName: user.displayName, url },
            width: '520px',
            maxWidth: 'calc(100vw - 32px)',
          }),
        error: (error: unknown) =>
          this.snackBar.open(describeApiProblem(readApiProblem(error)), 'Dismiss', {
            duration: 8000,
          }),
      });
  }

  private confirmThenUpdate(
    user: UserDto,
    change: UpdateAdminUserDto,
    question: ConfirmDialogData,
    done: string,
  ): void {
    confirmAction(this.dialog, question)
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.update(user, change)),
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
