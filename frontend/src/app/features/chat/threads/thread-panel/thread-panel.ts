import {
  Component,
  ViewEncapsulation,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialog, MatDialogRef } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';

import { MessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { Clock } from '../../data-access/clock';
import { conversationTitle } from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { MessagesStore } from '../../data-access/messages.store';
import { relativeTime } from '../../ui/chat-time';
import { MAX_BODY_LENGTH } from '../../ui/composer/composer';
import { ThreadsStore } from '../data-access/threads.store';

export interface ThreadPanelData {
  readonly conversationId: string;
  readonly rootId: string;
  readonly fullscreen: boolean;
}

/**
 * One thread: its root, the replies (live), and a composer whose messages go through the same
 * outbox as the conversation's (ordered, kept across reloads). A side panel on a desktop, the
 * whole screen on a phone; Esc closes it. What it shows counts as read.
 */
@Component({
  selector: 'app-thread-panel',
  imports: [MatButton, MatIconButton, MatIcon, MatCheckbox, MatProgressSpinner, ErrorState],
  templateUrl: './thread-panel.html',
  styleUrl: './thread-panel.scss',
  encapsulation: ViewEncapsulation.None,
})
export class ThreadPanel {
  protected readonly data = inject<ThreadPanelData>(MAT_DIALOG_DATA);
  protected readonly threads = inject(ThreadsStore);
  private readonly messages = inject(MessagesStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly session = inject(SessionStore);
  private readonly clock = inject(Clock);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialogRef = inject<MatDialogRef<ThreadPanel>>(MatDialogRef);

  protected readonly maxLength = MAX_BODY_LENGTH;
  protected readonly text = signal('');
  protected readonly alsoToConversation = signal(false);
  protected readonly followBusy = signal(false);

  private readonly myId = computed(() => this.session.user()?.id ?? '');
  protected readonly conversationName = computed(() => {
    const conversation = this.conversations.get(this.data.conversationId);
    return conversation ? conversationTitle(conversation, this.myId()) : '';
  });
  protected readonly root = computed(() =>
    this.threads.root(this.data.conversationId, this.data.rootId),
  );
  protected readonly state = computed(() => this.threads.status(this.data.rootId));
  protected readonly thread = computed(() =>
    this.threads.thread(this.data.conversationId, this.data.rootId),
  );
  protected readonly followed = computed(() => {
    this.threads.followed();
    return this.threads.isFollowed(this.data.rootId);
  });
  protected readonly canSend = computed(() => {
    const length = this.text().trim().length;
    return length > 0 && length <= MAX_BODY_LENGTH;
  });

  constructor() {
    this.threads.open(this.data.rootId);
    if (this.threads.followedStatus() === 'idle') this.threads.loadFollowed();
    // Shown is read: the newest stored reply moves the thread's read marker.
    effect(() => {
      const last = this.thread().replies.at(-1);
      if (last) untracked(() => this.threads.markRead(this.data.rootId, last.seq));
    });
  }

  protected close(): void {
    this.dialogRef.close();
  }

  protected senderName(message: MessageDto): string {
    return message.sender.id === this.myId() ? 'You' : message.sender.displayName;
  }

  protected timeOf(iso: string): string {
    return relativeTime(iso, this.clock.now());
  }

  /** Enter sends, Shift+Enter starts a new line. */
  protected onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.send();
  }

  protected send(): void {
    if (!this.canSend()) return;
    const body = this.text().trim();
    this.text.set('');
    void this.threads.reply(
      this.data.conversationId,
      this.data.rootId,
      body,
      this.alsoToConversation(),
    );
  }

  protected retry(clientMessageId: string): void {
    void this.messages.retry(this.data.conversationId, clientMessageId);
  }

  protected discard(clientMessageId: string): void {
    void this.messages.discard(clientMessageId);
  }

  protected toggleFollow(): void {
    const root = this.root();
    if (!root || this.followBusy()) return;
    this.followBusy.set(true);
    const request = this.followed() ? this.threads.unfollow(root.id) : this.threads.follow(root);
    request.subscribe({
      complete: () => this.followBusy.set(false),
      error: (error: unknown) => {
        this.followBusy.set(false);
        this.snackBar.open(
          `Couldn't change following. ${describeApiProblem(readApiProblem(error))}`,
          undefined,
          { duration: 5000 },
        );
      },
    });
  }
}

export function openThreadPanel(
  dialog: MatDialog,
  conversationId: string,
  rootId: string,
  fullscreen: boolean,
): MatDialogRef<ThreadPanel> {
  const data: ThreadPanelData = { conversationId, rootId, fullscreen };
  return dialog.open(ThreadPanel, {
    data,
    ariaLabel: 'Thread',
    autoFocus: '.thread-input',
    panelClass: fullscreen ? ['thread-panel', 'thread-panel-fullscreen'] : 'thread-panel',
    ...(fullscreen
      ? { width: '100vw', maxWidth: '100vw', height: '100%', maxHeight: '100%' }
      : {
          width: '420px',
          maxWidth: '100vw',
          height: '100%',
          maxHeight: '100%',
          position: { top: '0', right: '0' },
        }),
  });
}
