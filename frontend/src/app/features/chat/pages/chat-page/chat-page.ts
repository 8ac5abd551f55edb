import {
  Component,
  computed,
  DOCUMENT,
  effect,
  inject,
  Injector,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import {
  ActivatedRoute,
  NavigationCancel,
  NavigationEnd,
  NavigationError,
  NavigationStart,
  Router,
  RouterLink,
  RouterLinkActive,
  RouterOutlet,
} from '@angular/router';
import { filter, finalize, first, map } from 'rxjs';

import { BotDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { RealtimeService } from '../../../../core/realtime/realtime.service';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { botSuggestions } from '../../data-access/bot-suggestions';
import { BotsStore } from '../../data-access/bots.store';
import { ChatRealtime } from '../../data-access/chat-realtime';
import { Clock } from '../../data-access/clock';
import { conversationTitle } from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { DraftsStore } from '../../data-access/drafts.store';
import { PresenceStore } from '../../data-access/presence.store';
import { openCreateGroupDialog } from '../../groups/create-group-dialog/create-group-dialog';
import { openNewChatDialog } from '../../new-chat-dialog/new-chat-dialog';
import { MessageNotifier } from '../../notifications/message-notifier';
import { isSearchShortcut } from '../../search/search-shortcut';
import { isCloseChatKey, isHelpShortcut } from '../../shortcuts/keyboard-shortcuts';
import { ChatSkeleton } from '../../ui/chat-skeleton/chat-skeleton';
import type { ThreadsStore } from '../../threads/data-access/threads.store';
import { ConversationList } from '../../ui/conversation-list/conversation-list';

/**
 * The signed-in home: conversations on the left, the open one on the right. Narrow screens show
 * one pane at a time: the list at `/`, the conversation at `/c/:id`.
 */
@Component({
  selector: 'app-chat-page',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatButton,
    MatIconButton,
    MatIcon,
    ConversationList,
    ChatSkeleton,
  ],
  templateUrl: './chat-page.html',
  styleUrl: './chat-page.scss',
  host: { '(document:keydown)': 'onKeydown($event)' },
})
export class ChatPage {
  protected readonly conversations = inject(ConversationsStore);
  protected readonly clock = inject(Clock);
  protected readonly presence = inject(PresenceStore);
  protected readonly drafts = inject(DraftsStore);
  private readonly bots = inject(BotsStore);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);
  private readonly window = this.document.defaultView;
  /** The search's code is loading (on first use). */
  private searchLoading = false;

  protected readonly myId = computed(() => this.session.user()?.id ?? '');
  protected readonly selectedId = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.openConversationId()),
    ),
    { initialValue: this.openConversationId() },
  );
  /**
   * The conversation a navigation is opening (its code may still be on the way): it is selected
   * and its skeleton shows at once, so a click always answers.
   */
  protected readonly openingId = toSignal(
    this.router.events.pipe(
      filter(
        (event) =>
          event instanceof NavigationStart ||
          event instanceof NavigationEnd ||
          event instanceof NavigationCancel ||
          event instanceof NavigationError,
      ),
      map((event) =>
        event instanceof NavigationStart
          ? (/^\/c\/([0-9a-f-]{36})(?:[?#]|$)/.exec(event.url)?.[1] ?? null)
          : null,
      ),
    ),
    { initialValue: null },
  );
  protected readonly shownId = computed(() => this.openingId() ?? this.selectedId());
  /** A conversation or the threads is open: on a phone, it takes the screen from the list. */
  protected readonly detailOpen = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.detailRoute()),
    ),
    { initialValue: this.detailRoute() },
  );
  /** Shown while there is no conversation: only for bots the server offers. */
  protected readonly suggestions = computed(() => botSuggestions(this.bots.bots()));
  protected readonly formerName = (userId: string) =>
    this.conversations.knownUser(userId)?.displayName;
  /** Loaded after the list (its own chunk, off the first visit's critical path). */
  private readonly threads = signal<ThreadsStore | null>(null);
  /** Unread replies in the threads the user follows, for the Threads entry's badge. */
  protected readonly threadsUnread = computed(() => this.threads()?.totalUnread() ?? 0);
  /** The bot whose chat a suggestion is opening. */
  protected readonly openingBot = signal<string | null>(null);

  constructor() {
    // From here on, socket events reach the stores.
    inject(ChatRealtime);
    // The unread count in the tab's title, notifications while the tab is hidden.
    inject(MessageNotifier);
    this.conversations.load();
    // Who is online among the members of the listed conversations (new ones as they come).
    const memberIds = computed(
      () => {
        const ids = new Set<string>();
        for (const conversation of this.conversations.conversations()) {
          for (const member of conversation.members) ids.add(member.user.id);
        }
        return [...ids].sort();
      },
      { equal: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]) },
    );
    effect(() => {
      const ids = memberIds();
      untracked(() => this.presence.track(ids));
    });
    // For the suggestions, and ready for "New chat".
    this.bots.load();
    // The threads' code stays off the first visit: it loads with the first thread reply that
    // arrives, or the first visit to Threads, and keeps the badge from then on.
    const injector = inject(Injector);
    const loadThreads = () => {
      if (this.threads() !== null) return;
      import('../../threads/data-access/threads.store')
        .then(({ ThreadsStore }) => {
          const store = injector.get(ThreadsStore);
          if (store.followedStatus() === 'idle') store.loadFollowed();
          this.threads.set(store);
        })
        // Without it the Threads entry just shows no badge; the Threads page loads it again.
        .catch(() => undefined);
    };
    inject(RealtimeService)
      .on('message:new')
      .pipe(
        filter((message) => message.threadRootId !== null),
        first(),
        takeUntilDestroyed(),
      )
      .subscribe(loadThreads);
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd && event.urlAfterRedirects === '/threads'),
        first(),
        takeUntilDestroyed(),
      )
      .subscribe(loadThreads);
    if (this.router.url === '/threads') loadThreads();
    // Told even when another chat is open: the conversation just vanished from the list.
    this.conversations.removed$.pipe(takeUntilDestroyed()).subscribe(({ conversation, reason }) => {
      const open = conversation.id === this.selectedId();
      const title = conversationTitle(conversation, this.myId());
      if (reason === 'removed') {
        this.snackBar.open(`You were removed from “${title}”`, undefined, { duration: 6000 });
      } else if (open) {
        this.snackBar.open(`You left “${title}”`, undefined, { duration: 4000 });
      }
      if (open) void this.router.navigate(['/']);
    });
  }

  /**
   * Ctrl+K (⌘K) or "/" opens the search, `?` or Ctrl+/ the shortcut help, unless a dialog is
   * open; Escape that nothing on top took closes the open chat.
   */
  protected onKeydown(event: KeyboardEvent): void {
    if (this.dialog.openDialogs.length > 0) return;
    if (isSearchShortcut(event)) {
      event.preventDefault();
      this.openSearch();
    } else if (isHelpShortcut(event)) {
      event.preventDefault();
      this.openShortcuts();
    } else if (isCloseChatKey(event) && this.shownId() !== null) {
      event.preventDefault();
      this.closeChat();
    }
  }

  /** Back to the list (on a desktop, beside an empty pane), its row focused. */
  private closeChat(): void {
    const closed = this.shownId();
    void this.router
      .navigate(['/'])
      .then(() =>
        this.document
          .querySelector<HTMLElement>(`[data-testid="conversation-item"][href="/c/${closed}"]`)
          ?.focus(),
      );
  }

  /** The skip link: to the message box of the open chat (its messages if it has none), else the list. */
  protected skipToConversation(event: Event): void {
    event.preventDefault();
    const target = ['composer', 'message-list', 'conversation-item']
      .map((id) => this.document.querySelector<HTMLElement>(`[data-testid="${id}"]`))
      .find((element) => element !== null);
    target?.focus();
  }

  /** The shortcut help, loaded on first use. */
  protected openShortcuts(): void {
    import('../../shortcuts/shortcuts-dialog/shortcuts-dialog')
      .then(({ openShortcutsDialog }) => openShortcutsDialog(this.dialog))
      .catch(() =>
        this.snackBar.open("Couldn't open the shortcuts. Check your connection.", undefined, {
          duration: 5000,
        }),
      );
  }

  /** The search, loaded on first use: a panel, or the whole screen on a phone. */
  protected openSearch(): void {
    if (this.searchLoading || this.dialog.openDialogs.length > 0) return;
    this.searchLoading = true;
    const fullscreen = this.window?.matchMedia?.('(max-width: 719.98px)').matches ?? false;
    import('../../search/search-overlay/search-overlay')
      .then(({ openSearchOverlay }) => openSearchOverlay(this.dialog, fullscreen))
      .catch(() =>
        this.snackBar.open("Couldn't open the search. Check your connection.", undefined, {
          duration: 5000,
        }),
      )
      .finally(() => (this.searchLoading = false));
  }

  /** The channel browser, loaded on first use; opens the channel joined or picked. */
  protected browseChannels(): void {
    if (this.dialog.openDialogs.length > 0) return;
    const fullscreen = this.window?.matchMedia?.('(max-width: 719.98px)').matches ?? false;
    import('../../channels/channel-browser/channel-browser')
      .then(({ openChannelBrowser }) =>
        openChannelBrowser(this.dialog, fullscreen)
          .afterClosed()
          .subscribe((conversationId) => {
            if (conversationId) void this.router.navigate(['/c', conversationId]);
          }),
      )
      .catch(() =>
        this.snackBar.open("Couldn't open the channels. Check your connection.", undefined, {
          duration: 5000,
        }),
      );
  }

  protected newChat(): void {
    openNewChatDialog(this.dialog)
      .afterClosed()
      .subscribe((conversationId) => {
        if (conversationId) void this.router.navigate(['/c', conversationId]);
      });
  }

  protected newGroup(): void {
    openCreateGroupDialog(this.dialog)
      .afterClosed()
      .subscribe((conversationId) => {
        if (conversationId) void this.router.navigate(['/c', conversationId]);
      });
  }

  /** Opens (creating it the first time) the direct chat with a suggested bot. */
  protected askBot(bot: BotDto): void {
    if (this.openingBot() !== null) return;
    this.openingBot.set(bot.id);
    this.conversations
      .openDirect(bot.id)
      .pipe(finalize(() => this.openingBot.set(null)))
      .subscribe({
        next: (conversation) => void this.router.navigate(['/c', conversation.id]),
        error: (error: unknown) =>
          this.snackBar.open(
            `Couldn't open the chat with ${bot.displayName}. ${describeApiProblem(readApiProblem(error))}`,
            undefined,
            { duration: 5000 },
          ),
      });
  }

  private detailRoute(): boolean {
    return (this.route.snapshot.firstChild?.routeConfig?.path ?? '') !== '';
  }

  private openConversationId(): string | null {
    return this.route.snapshot.firstChild?.paramMap.get('id') ?? null;
  }
}
