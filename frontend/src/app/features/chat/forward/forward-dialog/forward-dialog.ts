import { Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { Observable } from 'rxjs';

import { MessagesService } from '../../../../core/api';
import { MessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import {
  conversationAvatar,
  conversationTitle,
  plainText,
} from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';

/** The server forwards to at most this many conversations at once. */
export const MAX_FORWARD_TARGETS = 10;

export interface ForwardDialogData {
  readonly message: MessageDto;
}

/** How many conversations got the message; nothing when the dialog was cancelled. */
export type ForwardResult = number | undefined;

/** Folded for matching: lower case, without accents. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Forwards a message to one or more of the user's conversations (found by name as typed), with
 * an optional comment before it; each copy says whom it is forwarded from.
 */
@Component({
  selector: 'app-forward-dialog',
  imports: [
    MatButton,
    MatCheckbox,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    MatIcon,
    Avatar,
  ],
  templateUrl: './forward-dialog.html',
  styleUrl: './forward-dialog.scss',
})
export class ForwardDialog {
  protected readonly data = inject<ForwardDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ForwardDialog, ForwardResult>>(MatDialogRef);
  private readonly api = inject(MessagesService);
  private readonly conversations = inject(ConversationsStore);
  private readonly session = inject(SessionStore);

  protected readonly max = MAX_FORWARD_TARGETS;
  protected readonly query = signal('');
  protected readonly comment = signal('');
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly sending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly excerpt = plainText(this.data.message.body ?? '');

  /** The conversations one can write in, matching what is typed. */
  protected readonly choices = computed(() => {
    const myId = this.session.user()?.id ?? '';
    const words = fold(this.query()).split(/\s+/).filter(Boolean);
    return this.conversations
      .conversations()
      .filter((c) => !c.archived)
      .map((conversation) => ({
        id: conversation.id,
        title: conversationTitle(conversation, myId),
        avatar: conversationAvatar(conversation, myId),
      }))
      .filter((choice) => words.every((word) => fold(choice.title).includes(word)));
  });
  protected readonly full = computed(() => this.selected().size >= MAX_FORWARD_TARGETS);

  protected toggle(id: string, checked: boolean): void {
    this.selected.update((selected) => {
      const next = new Set(selected);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  protected forward(): void {
    const conversationIds = [...this.selected()];
    if (conversationIds.length === 0 || this.sending()) return;
    const comment = this.comment().trim();
    this.sending.set(true);
    this.error.set(null);
    this.api
      .forwardMessage(this.data.message.id, {
        conversationIds,
        ...(comment ? { comment } : {}),
      })
      .subscribe({
        next: () => this.ref.close(conversationIds.length),
        error: (error: unknown) => {
          this.sending.set(false);
          this.error.set(`Couldn't forward it. ${describeApiProblem(readApiProblem(error))}`);
        },
      });
  }
}

/** Opens the dialog; emits how many conversations got the message, or nothing. */
export function openForwardDialog(
  dialog: MatDialog,
  message: MessageDto,
): Observable<ForwardResult> {
  return dialog
    .open<ForwardDialog, ForwardDialogData, ForwardResult>(ForwardDialog, {
      data: { message },
      ariaLabel: 'Forward message',
      width: '480px',
      maxWidth: 'calc(100vw - 32px)',
      autoFocus: '.forward-search',
    })
    .afterClosed();
}
