import { Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
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
import { ConversationsStore } from '../../data-access/conversations.store';
import { openNewChatDialog } from '../../new-chat-dialog/new-chat-dialog';
import { ConversationList } from '../../ui/conversation-list/conversation-list';

/**
 * The signed-in home: conversations on the left, the open one on the right. Narrow screens show
 * one pane at a time: the list at `/`, the conversation at `/c/:id`.
 */
@Component({
  selector: 'app-chat-page',
  imports: [RouterOutlet, MatButton, MatIcon, ConversationList],
  templateUrl: './chat-page.html',
  styleUrl: './chat-page.scss',
})
export class ChatPage {
  protected readonly conversations = inject(ConversationsStore);
  protected readonly clock = inject(Clock);
  private readonly bots = inject(BotsStore);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

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
  /** The bot whose chat a suggestion is opening. */
  protected readonly openingBot = signal<string | null>(null);

  constructor() {
    // From here on, socket events reach the stores.
    inject(ChatRealtime);
    this.conversations.load();
    // For the suggestions, and ready for "New chat".
    this.bots.load();
    this.conversations.removed$.pipe(takeUntilDestroyed()).subscribe((id) => {
      if (id !== this.selectedId()) return;
      this.snackBar.open('You are no longer a member of that conversation.', undefined, {
        duration: 5000,
      });
      void this.router.navigate(['/']);
    });
  }

  protected newChat(): void {
    openNewChatDialog(this.dialog)
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
