import { Component, computed, effect, inject, signal, untracked } from '@angular/core';
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

import { BotDto, UserDto } from '../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';
import { ErrorState } from '../../../shared/ui/error-state/error-state';
import { FormError } from '../../../shared/ui/form-error/form-error';
import { BotsStore } from '../data-access/bots.store';
import { ConversationsStore } from '../data-access/conversations.store';
import { PeopleSearch } from '../data-access/people-search';
import { PresenceStore } from '../data-access/presence.store';
import { BotBadge } from '../ui/bot-badge/bot-badge';
import { OnlineAvatar } from '../ui/online-avatar/online-avatar';

/**
 * Finds someone, or picks one of the server's bots, and opens the direct conversation with them;
 * closes with its id.
 */
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
    OnlineAvatar,
    BotBadge,
    ErrorState,
    FormError,
  ],
  providers: [PeopleSearch],
  templateUrl: './new-chat-dialog.html',
  styleUrl: './new-chat-dialog.scss',
})
export class NewChatDialog {
  protected readonly search = inject(PeopleSearch);
  protected readonly bots = inject(BotsStore);
  /** Online dots for the people the user shares a conversation with (the others stay unknown). */
  protected readonly presence = inject(PresenceStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly dialogRef = inject<MatDialogRef<NewChatDialog, string>>(MatDialogRef);

  /** The person whose conversation is being opened. */
  protected readonly opening = signal<string | null>(null);
  protected readonly openError = signal<string | null>(null);
  protected readonly query = computed(() => this.search.query().trim());
  /** Bots are listed in their own section, with what they do. */
  protected readonly people = computed(() => this.search.people().filter((user) => !user.isBot));
  protected readonly matchingBots = computed(() => {
    const query = this.query().toLowerCase();
    return this.bots
      .bots()
      .filter(
        (bot) =>
          !query ||
          bot.displayName.toLowerCase().includes(query) ||
          bot.username.toLowerCase().includes(query),
      );
  });
  /** While searching, only when a bot matches. */
  protected readonly showBots = computed(() =>
    this.bots.status() === 'ready' ? this.matchingBots().length > 0 : !this.query(),
  );

  constructor() {
    this.bots.load();
    effect(() => {
      const ids = [...this.people(), ...this.matchingBots()].map((user) => user.id);
      untracked(() => this.presence.track(ids));
    });
  }

  protected open(user: UserDto | BotDto): void {
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
