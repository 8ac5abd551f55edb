import { Clipboard } from '@angular/cdk/clipboard';
import {
  afterNextRender,
  Component,
  computed,
  DOCUMENT,
  effect,
  inject,
  Injector,
  input,
  linkedSignal,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { Subscription } from 'rxjs';

import { MessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { RealtimeService } from '../../../../core/realtime/realtime.service';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { confirmAction } from '../../../../shared/ui/confirm-dialog/confirm-dialog';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { describeLoadError } from '../../data-access/chat-errors';
import { Clock } from '../../data-access/clock';
import {
  conversationAvatar,
  conversationTitle,
  firstLine,
  otherMembers,
  ReadState,
  readStateOf,
  typingLabel,
} from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { MessagesStore } from '../../data-access/messages.store';
import { TypingStore } from '../../data-access/typing.store';
import { Composer } from '../../ui/composer/composer';
import { ConnectionBanner } from '../../ui/connection-banner/connection-banner';
import { MessageList, MessageListAction } from '../../ui/message-list/message-list';
import { buildTimeline, ChatItem, chatItems } from '../../ui/timeline';

/** One conversation: its header, messages and composer. Routed at `/c/:id`. */
@Component({
  selector: 'app-chat-view',
  imports: [
    RouterLink,
    MatIconButton,
    MatIcon,
    MatProgressSpinner,
    Avatar,
    ErrorState,
    ConnectionBanner,
    MessageList,
    Composer,
  ],
  templateUrl: './chat-view.html',
  styleUrl: './chat-view.scss',
  host: {
    '(window:focus)': 'updatePageActive()',
    '(window:blur)': 'updatePageActive()',
    '(document:visibilitychange)': 'updatePageActive()',
  },
})
export class ChatView {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly conversations = inject(ConversationsStore);
  protected readonly messages = inject(MessagesStore);
  private readonly typing = inject(TypingStore);
  private readonly session = inject(SessionStore);
  private readonly clock = inject(Clock);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  private readonly composer = viewChild(Composer);

  /** Why the conversation could not be fetched (a link to one the user is not in). */
  protected readonly summaryError = signal<string | null>(null);
  private summaryRequest: Subscription | null = null;
  protected readonly conversation = computed(() => this.conversations.get(this.id()));
  private readonly myId = computed(() => this.session.user()?.id ?? '');

  protected readonly title = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationTitle(conversation, this.myId()) : '';
  });
  protected readonly avatar = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationAvatar(conversation, this.myId()) : null;
  });
  protected readonly subtitle = computed(() => {
    const conversation = this.conversation();
    if (!conversation) return '';
    if (conversation.type === 'group') return `${conversation.members.length} members`;
    const other = otherMembers(conversation, this.myId())[0]?.user;
    return other ? `@${other.username}${other.isBot ? ' · bot' : ''}` : '';
  });
  protected readonly typingText = computed(() => {
    const members = this.conversation()?.members ?? [];
    const names = this.typing
      .typingIn(this.id())
      .map((userId) => members.find((m) => m.user.id === userId)?.user.displayName)
      .filter((name) => name !== undefined);
    return typingLabel(names);
  });

  protected readonly thread = computed(() => this.messages.thread(this.id()));
  private readonly items = computed(() => {
    const me = this.session.user();
    return me ? chatItems(this.thread(), me) : [];
  });
  protected readonly rows = computed(() =>
    buildTimeline(this.items(), this.myId(), this.clock.now()),
  );
  protected readonly readStates = computed(() => {
    const conversation = this.conversation();
    const myId = this.myId();
    const states = new Map<string, ReadState>();
    for (const item of this.items()) {
      if (item.sender.id !== myId) continue;
      states.set(
        item.key,
        readStateOf({ seq: item.seq, failed: item.state === 'failed' }, conversation, myId),
      );
    }
    return states;
  });
  protected readonly canModerate = computed(() => {
    const conversation = this.conversation();
    const me = conversation?.members.find((m) => m.user.id === this.myId());
    return conversation?.type === 'group' && (me?.role === 'owner' || me?.role === 'admin');
  });

  protected readonly connection = inject(RealtimeService).connectionState;
  protected readonly showBanner = computed(
    () => this.connection() === 'reconnecting' || this.connection() === 'offline',
  );

  /** Reset when another conversation opens. */
  protected readonly replyTo = linkedSignal<string, ChatItem | null>({
    source: this.id,
    computation: () => null,
  });
  protected readonly editing = linkedSignal<string, MessageDto | null>({
    source: this.id,
    computation: () => null,
  });
  protected readonly composerReply = computed(() => {
    const item = this.replyTo();
    if (!item) return null;
    return { senderName: item.sender.displayName, excerpt: firstLine(item.body ?? '') };
  });
  protected readonly composerEdit = computed(() => {
    const message = this.editing();
    return message ? { id: message.id, body: message.body ?? '' } : null;
  });

  /** Whether the newest messages are in view; a conversation opens at its bottom. */
  protected readonly atBottom = linkedSignal({ source: this.id, computation: () => true });
  private readonly pageActive = signal(this.isPageActive());

  /** For screen readers: the newest message from someone else. */
  protected readonly announcement = computed(() => {
    const last = this.items().at(-1);
    if (!last || last.sender.id === this.myId() || last.state !== 'stored') return '';
    return `${last.sender.displayName}: ${last.deleted ? 'message deleted' : last.body}`;
  });

  constructor() {
    effect((onCleanup) => {
      const id = this.id();
      untracked(() => {
        this.loadConversation();
        this.messages.open(id);
      });
      onCleanup(() => this.summaryRequest?.unsubscribe());
    });
    // Read means seen: the newest messages are on screen and the window has the user's attention.
    effect(() => {
      const conversation = this.conversation();
      const last = this.thread().messages.at(-1)?.seq;
      if (!conversation || last === undefined || !this.atBottom() || !this.pageActive()) return;
      if (last > conversation.lastReadSeq) {
        untracked(() => this.conversations.markRead(conversation.id, last));
      }
    });
  }

  /** Fetches the conversation when it is not in the list yet (a link to an older one). */
  protected loadConversation(): void {
    this.summaryRequest?.unsubscribe();
    this.summaryError.set(null);
    this.summaryRequest = this.conversations.ensure(this.id()).subscribe({
      error: (error: unknown) =>
        this.summaryError.set(describeLoadError('this conversation', error)),
    });
  }

  protected updatePageActive(): void {
    this.pageActive.set(this.isPageActive());
  }

  protected send(body: string): void {
    this.messages.send(this.id(), body, this.replyTo()?.message?.id ?? null);
    this.replyTo.set(null);
  }

  protected saveEdit(body: string): void {
    const message = this.editing();
    this.editing.set(null);
    if (!message || body === message.body) return;
    this.messages.edit(message, body).subscribe({
      error: (error: unknown) => this.notify(`Couldn't save the edit. ${this.problem(error)}`),
    });
  }

  protected setTyping(isTyping: boolean): void {
    this.typing.setTyping(this.id(), isTyping);
  }

  protected onAction({ action, item }: MessageListAction): void {
    const message = item.message;
    switch (action) {
      case 'retry':
        this.messages.retry(this.id(), item.clientMessageId);
        return;
      case 'discard':
        this.messages.discard(this.id(), item.clientMessageId);
        return;
    }
    // Menu actions: wait until the closing menu has given the focus back, then move it on.
    afterNextRender(
      () => {
        switch (action) {
          case 'reply':
            this.editing.set(null);
            this.replyTo.set(item);
            this.composer()?.focus();
            break;
          case 'edit':
            this.replyTo.set(null);
            this.editing.set(message);
            this.composer()?.focus();
            break;
          case 'copy':
            this.notify(this.clipboard.copy(item.body ?? '') ? 'Copied' : "Couldn't copy the text");
            break;
          case 'delete':
            if (message) this.confirmDelete(message);
            break;
        }
      },
      { injector: this.injector },
    );
  }

  private confirmDelete(message: MessageDto): void {
    confirmAction(this.dialog, {
      title: 'Delete message?',
      message: 'It will be deleted for everyone in this conversation.',
      confirm: 'Delete',
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      if (this.editing()?.id === message.id) this.editing.set(null);
      this.messages.delete(message).subscribe({
        error: (error: unknown) =>
          this.notify(`Couldn't delete the message. ${this.problem(error)}`),
      });
      // Its actions button goes away with it.
      this.composer()?.focus();
    });
  }

  private notify(text: string): void {
    this.snackBar.open(text, undefined, { duration: 4000 });
  }

  private problem(error: unknown): string {
    return describeApiProblem(readApiProblem(error));
  }

  private isPageActive(): boolean {
    return this.document.visibilityState === 'visible' && this.document.hasFocus();
  }
}
