import { Component, computed, inject } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';

import { MessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { Clock } from '../../data-access/clock';
import { conversationTitle, excerptOf } from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { relativeTime } from '../../ui/chat-time';
import { SavedStore } from '../data-access/saved.store';

/** The messages the user saved, most recently saved first; each opens where it was written. */
@Component({
  selector: 'app-saved-view',
  imports: [MatButton, MatIconButton, MatIcon, MatProgressSpinner, RouterLink, Avatar, ErrorState],
  templateUrl: './saved-view.html',
  styleUrl: './saved-view.scss',
})
export class SavedView {
  protected readonly saved = inject(SavedStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly session = inject(SessionStore);
  private readonly clock = inject(Clock);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly rows = computed(() => {
    const myId = this.session.user()?.id ?? '';
    return this.saved.items().map(({ message }) => {
      const conversation = this.conversations.get(message.conversationId);
      return {
        message,
        where: conversation ? conversationTitle(conversation, myId) : '',
        excerpt: message.deletedAt
          ? 'This message was deleted'
          : excerptOf({ body: message.body, system: false }) || 'Attachment',
        when: relativeTime(message.createdAt, this.clock.now()),
      };
    });
  });

  constructor() {
    this.saved.reload();
  }

  /** Where it was written: its thread, or the chat at the message, flashed. */
  protected open(message: MessageDto): void {
    void this.router.navigate(['/c', message.conversationId], {
      queryParams: message.threadRootId ? { inThread: message.threadRootId } : { at: message.seq },
    });
  }

  protected remove(message: MessageDto): void {
    this.saved.unsave(message).subscribe({
      next: () => this.snackBar.open('Removed from saved', undefined, { duration: 4000 }),
      error: (error: unknown) =>
        this.snackBar.open(
          `Couldn't remove it. ${describeApiProblem(readApiProblem(error))}`,
          undefined,
          { duration: 4000 },
        ),
    });
  }
}
