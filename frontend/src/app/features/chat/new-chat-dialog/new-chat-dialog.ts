import { Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { finalize } from 'rxjs';

import { UserDto } from '../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';
import { Avatar } from '../../../shared/ui/avatar/avatar';
import { ErrorState } from '../../../shared/ui/error-state/error-state';
import { FormError } from '../../../shared/ui/form-error/form-error';
import { ConversationsStore } from '../data-access/conversations.store';
import { PeopleSearch } from '../data-access/people-search';

/** Finds someone and opens the direct conversation with them; closes with its id. */
@Component({
  selector: 'app-new-chat-dialog',
  imports: [
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatPrefix,
    MatInput,
    MatIcon,
    MatButton,
    MatProgressBar,
    MatProgressSpinner,
    Avatar,
    ErrorState,
    FormError,
  ],
  providers: [PeopleSearch],
  templateUrl: './new-chat-dialog.html',
  styleUrl: './new-chat-dialog.scss',
})
export class NewChatDialog {
  protected readonly search = inject(PeopleSearch);
  private readonly conversations = inject(ConversationsStore);
  private readonly dialogRef = inject<MatDialogRef<NewChatDialog, string>>(MatDialogRef);

  /** The person whose conversation is being opened. */
  protected readonly opening = signal<string | null>(null);
  protected readonly openError = signal<string | null>(null);
  protected readonly query = computed(() => this.search.query().trim());

  protected open(user: UserDto): void {
    if (this.opening() !== null) return;
    this.opening.set(user.id);
    this.openError.set(null);
    // Not cancelled when the dialog closes: a conversation the server made must reach the store.
    this.conversations
      .openDirect(user.id)
      .pipe(finalize(() => this.opening.set(null)))
      .subscribe({
        next: (conversation) => this.dialogRef.close(conversation.id),
        error: (error: unknown) => this.openError.set(describeApiProblem(readApiProblem(error))),
      });
  }
}

export function openNewChatDialog(dialog: MatDialog): MatDialogRef<NewChatDialog, string> {
  return dialog.open<NewChatDialog, void, string>(NewChatDialog, {
    width: '480px',
    maxWidth: 'calc(100vw - 32px)',
    ariaLabelledBy: 'new-chat-title',
  });
}
