import { Component, computed, DOCUMENT, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter, finalize, map } from 'rxjs';

import { BotDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { botSuggestions } from '../../data-access/bot-suggestions';
import { BotsStore } from '../../data-access/bots.store';
import { ChatRealtime } from '../../data-access/chat-realtime';
import { Clock } from '../../data-access/clock';
import { conversationTitle } from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { PresenceStore } from '../../data-access/presence.store';
import { openCreateGroupDialog } from '../../groups/create-group-dialog/create-group-dialog';
import { openNewChatDialog } from '../../new-chat-dialog/new-chat-dialog';
import { MessageNotifier } from '../../notifications/message-notifier';
import { isSearchShortcut } from '../../search/search-shortcut';
import { ConversationList } from '../../ui/conversation-list/conversation-list';

/**
 * The signed-in home: conversations on the left, the open one on the right. Narrow screens show
 * one pane at a time: the list at `/`, the conversation at `/c/:id`.
 */
@Component({
  selector: 'app-chat-page',
  imports: [RouterOutlet, MatButton, MatIconButton, MatIcon, ConversationList],
  templateUrl: './chat-page.html',
  styleUrl: './chat-page.scss',
  host: { '(document:keydown)': 'onKeydown($event)' },
})
export class ChatPage {
  protected readonly conversations = inject(ConversationsStore);
  protected readonly clock = inject(Clock);
  protected readonly presence = inject(PresenceStore);
  private readonly bots = inject(BotsStore);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly window = inject(DOCUMENT).defaultView;
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
  /** Shown while there is no conversation: only for bots the server offers. */
  protected readonly suggestions = computed(() => botSuggestions(this.bots.bots()));
  protected readonly formerName = (userId: string) =>
    this.conversations.knownUser(userId)?.displayName;
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

  /** Ctrl+K (⌘K) or "/" opens the search, unless a dialog is open. */
  protected onKeydown(event: KeyboardEvent): void {
    if (!isSearchShortcut(event) || this.dialog.openDialogs.length > 0) return;
    event.preventDefault();
    this.openSearch();
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

  private openConversationId(): string | null {
    return this.route.snapshot.firstChild?.paramMap.get('id') ?? null;
  }
}
