import { Clipboard } from '@angular/cdk/clipboard';
import {
  afterNextRender,
  Component,
  computed,
  DestroyRef,
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
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { Subscription } from 'rxjs';

import { MessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { RealtimeService } from '../../../../core/realtime/realtime.service';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { confirmAction } from '../../../../shared/ui/confirm-dialog/confirm-dialog';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { botPrompts } from '../../data-access/bot-suggestions';
import { BotsStore } from '../../data-access/bots.store';
import { describeLoadError } from '../../data-access/chat-errors';
import { Clock } from '../../data-access/clock';
import {
  conversationAvatar,
  conversationTitle,
  directBot,
  excerptOf,
  isMultiMember,
  otherMembers,
  plainText,
  ReadState,
  readStateOf,
  replyingLabel,
  typingLabel,
} from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { systemText } from '../../groups/data-access/system-text';
import { MessagesStore } from '../../data-access/messages.store';
import { PresenceStore } from '../../data-access/presence.store';
import { TypingStore } from '../../data-access/typing.store';
import { MuteButton } from '../../notifications/mute-button/mute-button';
import { openForwardDialog } from '../../forward/forward-dialog/forward-dialog';
import { PinsStore } from '../../pins/data-access/pins.store';
import { PinnedBar } from '../../pins/pinned-bar/pinned-bar';
import { SavedStore } from '../../saved/data-access/saved.store';
import { BotBadge } from '../../ui/bot-badge/bot-badge';
import { ChatSkeleton } from '../../ui/chat-skeleton/chat-skeleton';
import { conversationVisitor, VisitorBadge } from '../../ui/visitor-badge/visitor-badge';
import { Composer } from '../../ui/composer/composer';
import { AttachmentUploads } from '../../attachments/data-access/attachment-uploads';
import { ConnectionBanner } from '../../ui/connection-banner/connection-banner';
import {
  MessageFocus,
  MessageList,
  MessageListAction,
  UnreadMarker,
} from '../../ui/message-list/message-list';
import { OnlineAvatar } from '../../ui/online-avatar/online-avatar';
import { ScheduledStrip } from '../../scheduling/scheduled-strip/scheduled-strip';
import { groupPresenceText, presenceText } from '../../ui/presence-text';
import { buildTimeline, ChatItem, chatItems, lastEditable } from '../../ui/timeline';

const NO_REPLIES: ReadonlySet<string> = new Set();

/** How long a reconnect may take before the banner says so. */
const RECONNECT_BANNER_DELAY_MS = 1_500;

/**
 * One conversation: its header, messages and composer. Routed at `/c/:id`; `/c/:id?at=42` opens
 * it at message 42 (a search hit), flashed.
 */
@Component({
  selector: 'app-chat-view',
  imports: [
    RouterLink,
    MatButton,
    MatIconButton,
    MatIcon,
    Avatar,
    OnlineAvatar,
    BotBadge,
    VisitorBadge,
    ErrorState,
    ConnectionBanner,
    MessageList,
    Composer,
    MuteButton,
    ChatSkeleton,
    PinnedBar,
    ScheduledStrip,
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
  /** The route's `?at=`: the seq of a message to open the conversation at. */
  readonly at = input<string>();
  /** The route's `?inThread=`: the root of a thread to open (a search hit or saved reply in it). */
  readonly inThread = input<string>();

  private readonly conversations = inject(ConversationsStore);
  protected readonly messages = inject(MessagesStore);
  private readonly typing = inject(TypingStore);
  private readonly presence = inject(PresenceStore);
  private readonly bots = inject(BotsStore);
  private readonly session = inject(SessionStore);
  private readonly clock = inject(Clock);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  private readonly composer = viewChild(Composer);
  private readonly pins = inject(PinsStore);
  private readonly saved = inject(SavedStore);
  private readonly uploads = inject(AttachmentUploads);

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
  /** The bot of a direct chat with one. */
  protected readonly bot = computed(() => {
    const conversation = this.conversation();
    return conversation ? directBot(conversation, this.myId()) : null;
  });
  /** A shop visitor who came through a widget, when one is in this conversation. */
  protected readonly visitor = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationVisitor(conversation) : null;
  });
  protected readonly botDescription = computed(() => {
    const bot = this.bot();
    return bot ? (this.bots.get(bot.id)?.description ?? null) : null;
  });
  /** Why the bot of this chat cannot answer ("Not connected to a model"), or null. */
  protected readonly botUnavailable = computed(() => {
    const bot = this.bot();
    return bot ? (this.bots.get(bot.id)?.unavailableReason ?? null) : null;
  });
  /** Questions to start an empty chat with a bot. */
  protected readonly prompts = computed(() => {
    const bot = this.bot();
    return bot && this.botUnavailable() === null ? botPrompts(bot.username) : [];
  });
  /** The other person of a direct chat (or bot). */
  private readonly other = computed(() => {
    const conversation = this.conversation();
    if (conversation?.type !== 'direct') return null;
    return otherMembers(conversation, this.myId())[0]?.user ?? null;
  });
  protected readonly otherOnline = computed(() => {
    const other = this.other();
    return other !== null && this.presence.isOnline(other.id);
  });
  /**
   * A bot's description; "online" or "last seen 5 minutes ago" for a person (their username
   * until that is known); "5 members, 2 online" for a group (the user counts while connected).
   */
  protected readonly subtitle = computed(() => {
    const conversation = this.conversation();
    if (!conversation) return '';
    if (conversation.type === 'channel' && conversation.topic?.trim()) {
      return conversation.topic.trim();
    }
    if (isMultiMember(conversation)) {
      const online = conversation.members.filter((member) =>
        member.user.id === this.myId()
          ? this.connection() === 'connected'
          : this.presence.isOnline(member.user.id),
      ).length;
      return groupPresenceText(conversation.members.length, online);
    }
    const other = this.other();
    if (!other) return '';
    if (other.isBot) {
      return this.botUnavailable() ?? (this.botDescription() || `@${other.username}`);
    }
    return presenceText(this.presence.get(other.id), this.clock.now()) ?? `@${other.username}`;
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
  /** "SizeBot is replying…" while a bot writes a reply here. */
  protected readonly replyingText = computed(() => {
    const streaming = [...this.thread().messages]
      .reverse()
      .find((m) => m.kind === 'bot' && m.status === 'streaming' && m.deletedAt === null);
    return streaming ? replyingLabel(streaming.sender.displayName) : null;
  });
  private readonly items = computed(() => {
    const me = this.session.user();
    return me ? chatItems(this.thread(), me) : [];
  });
  protected readonly rows = computed(() =>
    buildTimeline(this.items(), this.myId(), this.clock.now()),
  );
  /** Group changes in the reader's terms, with the current names of the people involved. */
  protected readonly systemLines = computed(() => {
    const nameOf = (id: string) => this.conversations.knownUser(id)?.displayName;
    const lines = new Map<string, string>();
    for (const item of this.items()) {
      if (item.system && item.message) {
        lines.set(item.key, systemText(item.message, nameOf, this.myId()));
      }
    }
    return lines;
  });
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
    return (
      !!conversation &&
      isMultiMember(conversation) &&
      (me?.role === 'owner' || me?.role === 'admin')
    );
  });

  /** Stop or Retry asked for, by bot reply. */
  private readonly replyActions = linkedSignal<string, ReadonlyMap<string, 'stop' | 'retry'>>({
    source: this.id,
    computation: () => new Map(),
  });
  /** Replies whose Retry awaits the server's answer, or whose Stop awaits the reply's end. */
  protected readonly busyReplies = computed<ReadonlySet<string>>(() => {
    const actions = this.replyActions();
    if (actions.size === 0) return NO_REPLIES;
    const busy = new Set<string>();
    for (const message of this.thread().messages) {
      const action = actions.get(message.id);
      if (action === 'retry' || (action === 'stop' && message.status === 'streaming')) {
        busy.add(message.id);
      }
    }
    return busy;
  });

  protected readonly connection = inject(RealtimeService).connectionState;
  private readonly reconnectingLong = signal(false);
  /**
   * Offline shows at once; a reconnect only once it lasts: the socket reconnecting with a
   * refreshed token (or to another instance) takes a moment and is nothing to report.
   */
  protected readonly showBanner = computed(
    () => this.connection() === 'offline' || this.reconnectingLong(),
  );
  private readonly delayBanner = effect((onCleanup) => {
    if (this.connection() !== 'reconnecting') {
      this.reconnectingLong.set(false);
      return;
    }
    const timer = setTimeout(() => this.reconnectingLong.set(true), RECONNECT_BANNER_DELAY_MS);
    onCleanup(() => clearTimeout(timer));
  });

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
    return { senderName: item.sender.displayName, excerpt: excerptOf(item) };
  });
  protected readonly composerEdit = computed(() => {
    const message = this.editing();
    return message ? { id: message.id, body: message.body ?? '' } : null;
  });

  /** A message to bring into view and flash (`?at=`), until the message list has. */
  protected readonly focus = linkedSignal<string, MessageFocus | null>({
    source: this.id,
    computation: () => null,
  });
  private focusRequests = 0;

  /** Whether the newest messages are in view: unknown (false) until the message list says. */
  protected readonly atBottom = linkedSignal({ source: this.id, computation: () => false });
  /**
   * The unread messages as the conversation opened (decided once its summary is known): the
   * list opens at the first of them under a divider, which stays until another chat opens.
   */
  protected readonly unread = signal<UnreadMarker | null>(null);
  /** The conversation whose `unread` is decided: nothing is marked read before. */
  private readonly unreadDecidedFor = signal<string | null>(null);
  /** The list opens once it knows where: at the first unread message or the newest. */
  protected readonly unreadKnown = computed(() => this.unreadDecidedFor() === this.id());
  private readonly pageActive = signal(this.isPageActive());

  /**
   * For screen readers: the newest message from someone else. A bot's reply is read once it is
   * done, not at every word (meanwhile "… is replying" is).
   */
  protected readonly announcement = computed(() => {
    const last = this.items().at(-1);
    if (!last || last.sender.id === this.myId() || last.state !== 'stored') return '';
    if (last.system) return this.systemLines().get(last.key) ?? last.body ?? '';
    const name = last.sender.displayName;
    if (last.deleted) return `${name}: message deleted`;
    if (last.status === 'streaming') return '';
    if (last.status === 'failed') {
      return `${name} couldn't finish the reply: ${last.failureReason ?? 'something went wrong'}`;
    }
    return `${name}: ${plainText(last.body ?? '')}`;
  });

  constructor() {
    let opened: string | null = null;
    effect(() => {
      const id = this.id();
      const seq = seqParam(this.at());
      untracked(() => {
        if (id !== opened) {
          opened = id;
          this.loadConversation();
          if (seq === null) this.messages.open(id);
        }
        if (seq !== null) this.showMessage(id, seq);
      });
    });
    // What the message menu offers (Pin or Unpin, Save or Unsave) and the pinned bar.
    effect(() => {
      const id = this.id();
      untracked(() => this.pins.load(id));
    });
    this.saved.load();
    effect(() => {
      const root = this.inThread();
      if (root === undefined || !UUID.test(root)) return;
      untracked(() => {
        this.openThread(root);
        void this.router.navigate([], {
          relativeTo: this.route,
          queryParams: { inThread: null },
          queryParamsHandling: 'merge',
          replaceUrl: true,
        });
      });
    });
    inject(DestroyRef).onDestroy(() => this.summaryRequest?.unsubscribe());
    // A conversation that could not be fetched (offline) is fetched again once connected.
    inject(RealtimeService)
      .connected$.pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (this.summaryError() !== null) this.loadConversation();
      });
    effect(() => {
      const id = this.id();
      const conversation = this.conversation();
      if (!conversation || untracked(this.unreadDecidedFor) === id) return;
      untracked(() => {
        this.unread.set(
          conversation.unreadCount > 0
            ? { fromSeq: conversation.lastReadSeq + 1, count: conversation.unreadCount }
            : null,
        );
        this.unreadDecidedFor.set(id);
      });
    });
    // Read means seen: the newest messages are on screen and the window has the user's attention.
    effect(() => {
      const conversation = this.conversation();
      if (conversation?.id !== this.unreadDecidedFor()) return;
      const thread = this.thread();
      const last = thread.messages.at(-1)?.seq;
      if (!conversation || last === undefined || thread.hasNewer) return;
      if (!this.atBottom() || !this.pageActive()) return;
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

  /** The group's title, members and settings: a side panel, or the whole screen on a phone. */
  protected openGroupInfo(): void {
    const conversation = this.conversation();
    if (!conversation || !isMultiMember(conversation) || this.dialog.openDialogs.length > 0) return;
    const fullscreen =
      this.document.defaultView?.matchMedia?.('(max-width: 719.98px)').matches ?? false;
    import('../../groups/group-info/group-info')
      .then(({ openGroupInfo }) => openGroupInfo(this.dialog, this.id(), fullscreen))
      .catch(() => this.notify("Couldn't open the group info. Check your connection."));
  }

  /** The first unread message, from newer pages: the page around it replaces them. */
  protected jumpToUnread(seq: number): void {
    this.messages.openAt(this.id(), seq);
  }

  /** A thread's replies and composer: a side panel, or the whole screen on a phone. */
  protected openThread(rootId: string): void {
    if (this.dialog.openDialogs.length > 0) return;
    const fullscreen =
      this.document.defaultView?.matchMedia?.('(max-width: 719.98px)').matches ?? false;
    import('../../threads/thread-panel/thread-panel')
      .then(({ openThreadPanel }) => openThreadPanel(this.dialog, this.id(), rootId, fullscreen))
      .catch(() => this.notify("Couldn't open the thread. Check your connection."));
  }

  /** A pinned message: its thread when it is a reply in one, else the message in the chat. */
  protected jumpTo(message: MessageDto): void {
    if (message.threadRootId) this.openThread(message.threadRootId);
    else this.showMessage(message.conversationId, message.seq);
  }

  /** Search in this conversation only: the search panel, scoped. */
  protected searchHere(): void {
    if (this.dialog.openDialogs.length > 0) return;
    const fullscreen =
      this.document.defaultView?.matchMedia?.('(max-width: 719.98px)').matches ?? false;
    import('../../search/search-overlay/search-overlay')
      .then(({ openSearchOverlay }) =>
        openSearchOverlay(this.dialog, fullscreen, { id: this.id(), title: this.title() }),
      )
      .catch(() => this.notify("Couldn't open the search. Check your connection."));
  }

  /** Back to the newest messages, from a window around an older one. */
  protected jumpToLatest(): void {
    this.focus.set(null);
    this.messages.jumpToLatest(this.id());
  }

  /**
   * Opens the conversation at a message and flashes it; the `?at=` is then dropped from the
   * address, so the same hit can be opened again.
   */
  private showMessage(conversationId: string, seq: number): void {
    this.messages.openAt(conversationId, seq);
    this.focus.set({ seq, token: ++this.focusRequests });
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { at: null },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }

  protected updatePageActive(): void {
    this.pageActive.set(this.isPageActive());
  }

  protected send(body: string): void {
    // Files uploaded for this conversation go with the message.
    const attachmentIds = this.uploads.take(this.id());
    void this.messages.send(this.id(), body, this.replyTo()?.message?.id ?? null, attachmentIds);
    this.replyTo.set(null);
  }

  /** Arrow-Up in an empty message box: the user's newest message that can be edited, if any. */
  protected editLastMessage(): void {
    const last = lastEditable(this.items(), this.myId());
    if (!last) return;
    this.replyTo.set(null);
    this.editing.set(last);
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
        void this.messages.retry(this.id(), item.clientMessageId);
        return;
      case 'discard':
        void this.messages.discard(item.clientMessageId);
        return;
      case 'stopReply':
        if (message) this.replyAction(message, 'stop');
        return;
      case 'retryReply':
        if (message) this.replyAction(message, 'retry');
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
          case 'thread':
            if (message) this.openThread(message.id);
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
          case 'markUnread':
            if (message) this.markUnread(message);
            break;
          case 'pin':
          case 'unpin':
          case 'save':
          case 'unsave':
            if (message) this.keep(action, message);
            break;
          case 'forward':
            if (message) this.forward(message);
            break;
          case 'remind':
            if (message) this.remind(message.id);
            break;
        }
      },
      { injector: this.injector },
    );
  }

  /** "Remind me…": the picker loads with its first use. */
  private remind(messageId: string): void {
    import('../../scheduling/schedule-message')
      .then(({ remindMe }) => remindMe(this.injector, messageId))
      .catch(() => this.notify("Couldn't open the reminder. Check your connection."));
  }

  /**
   * The message and everything after it become unread, and the chat closes to the list (as in
   * Slack): staying would read them again at once.
   */
  private markUnread(message: MessageDto): void {
    this.conversations.markUnread(message.conversationId, message.seq).subscribe({
      next: () => void this.router.navigate(['/']),
      error: (error: unknown) => this.notify(`Couldn't mark as unread. ${this.problem(error)}`),
    });
  }

  /** Pins or saves a message, or takes that back. */
  private keep(action: 'pin' | 'unpin' | 'save' | 'unsave', message: MessageDto): void {
    const request = {
      pin: () => this.pins.pin(message),
      unpin: () => this.pins.unpin(message),
      save: () => this.saved.save(message),
      unsave: () => this.saved.unsave(message),
    }[action];
    const done = { pin: 'Pinned', unpin: 'Unpinned', save: 'Saved', unsave: 'Removed from saved' };
    request().subscribe({
      next: () => this.notify(done[action]),
      error: (error: unknown) => this.notify(`Couldn't ${action} it. ${this.problem(error)}`),
    });
  }

  /** Chooses where to forward a message to, then says how it went. */
  private forward(message: MessageDto): void {
    if (this.dialog.openDialogs.length > 0) return;
    openForwardDialog(this.dialog, message).subscribe((count) => {
      if (count) this.notify(count === 1 ? 'Forwarded' : `Forwarded to ${count} conversations`);
    });
  }

  /** Stops a bot reply being written, or asks again for one that failed. */
  private replyAction(message: MessageDto, action: 'stop' | 'retry'): void {
    if (this.busyReplies().has(message.id)) return;
    const setAction = (value: 'stop' | 'retry' | null) =>
      this.replyActions.update((actions) => {
        const next = new Map(actions);
        if (value) next.set(message.id, value);
        else next.delete(message.id);
        return next;
      });
    setAction(action);
    const request =
      action === 'stop' ? this.messages.stopReply(message) : this.messages.retryReply(message);
    request.subscribe({
      // A stopped reply ends with `message:updated`: "Stopping…" shows until then.
      complete: () => {
        if (action === 'retry') setAction(null);
      },
      error: (error: unknown) => {
        setAction(null);
        this.notify(
          `Couldn't ${action === 'stop' ? 'stop' : 'retry'} the reply. ${this.problem(error)}`,
        );
      },
    });
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A message's seq from the address, or null. */
function seqParam(value: string | undefined): number | null {
  if (value === undefined || !/^[1-9]\d{0,14}$/.test(value)) return null;
  return Number(value);
}
