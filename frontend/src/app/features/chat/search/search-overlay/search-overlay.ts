import {
  afterRenderEffect,
  Component,
  computed,
  DOCUMENT,
  effect,
  inject,
  signal,
  untracked,
  ViewEncapsulation,
} from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogRef } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { Params, Router } from '@angular/router';
import { finalize } from 'rxjs';

import { UserDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { Clock } from '../../data-access/clock';
import { ConversationsStore } from '../../data-access/conversations.store';
import { PresenceStore } from '../../data-access/presence.store';
import { BotBadge } from '../../ui/bot-badge/bot-badge';
import { fullTime, relativeTime } from '../../ui/chat-time';
import { OnlineAvatar } from '../../ui/online-avatar/online-avatar';
import { MAX_QUERY_LENGTH, MessageSearch, SearchOption } from '../data-access/message-search';
import { Snippet } from '../snippet/snippet';

export interface SearchOverlayData {
  /** A phone: the search takes the whole screen, with a back button. */
  readonly fullscreen: boolean;
  /** Search this conversation only (from its header). */
  readonly scope?: SearchScope;
}

export interface SearchScope {
  readonly id: string;
  readonly title: string;
}

/**
 * Search across the user's chats (Ctrl+K, "/"): conversations, people and messages as the query
 * is typed. The arrow keys move through the results while the typing stays in the field
 * (a combobox), Enter opens one, Esc closes.
 */
@Component({
  selector: 'app-search-overlay',
  imports: [
    MatIconButton,
    MatIcon,
    MatProgressBar,
    MatProgressSpinner,
    Avatar,
    OnlineAvatar,
    BotBadge,
    ErrorState,
    Snippet,
  ],
  providers: [MessageSearch],
  templateUrl: './search-overlay.html',
  styleUrl: './search-overlay.scss',
  // Its styles reach the dialog's panel (full screen on a phone): all scoped by class names.
  encapsulation: ViewEncapsulation.None,
  host: { class: 'search-overlay', '[class.fullscreen]': 'data.fullscreen' },
})
export class SearchOverlay {
  protected readonly search = inject(MessageSearch);
  protected readonly presence = inject(PresenceStore);
  protected readonly data = inject<SearchOverlayData>(MAT_DIALOG_DATA);
  private readonly clock = inject(Clock);
  private readonly conversations = inject(ConversationsStore);
  private readonly dialogRef = inject<MatDialogRef<SearchOverlay>>(MatDialogRef);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);

  protected readonly maxLength = MAX_QUERY_LENGTH;
  /** The person whose direct chat is being opened. */
  protected readonly opening = signal<string | null>(null);
  protected readonly openError = signal<string | null>(null);
  protected readonly expanded = computed(() => this.search.options().length > 0);
  protected readonly activeId = computed(() => {
    const key = this.search.activeKey();
    return key === null ? null : optionId(key);
  });
  /** For screen readers, once results are in. */
  protected readonly summary = computed(() => {
    const results = this.search.messages();
    if (results.status === 'error') return results.error ?? '';
    if (results.status !== 'ready') return '';
    const count = results.items.length;
    if (count === 0) return `No messages match “${results.term}”.`;
    return `${count}${results.nextCursor ? '+' : ''} ${count === 1 ? 'message' : 'messages'} found.`;
  });

  protected readonly optionId = optionId;
  protected readonly placeholder = this.data.scope
    ? `Search in ${this.data.scope.title}`
    : 'Search messages, chats and people';

  constructor() {
    this.search.setScope(this.data.scope?.id ?? null);
    // The active option stays in view as the arrow keys move.
    afterRenderEffect({
      read: () => {
        const id = this.activeId();
        if (id) this.document.getElementById(id)?.scrollIntoView({ block: 'nearest' });
      },
    });
    // Online dots for the people found that the user shares a conversation with.
    effect(() => {
      const ids = this.search.people().map((user) => user.id);
      untracked(() => this.presence.track(ids));
    });
  }

  protected time(iso: string): string {
    return relativeTime(iso, this.clock.now());
  }

  protected readonly fullTime = fullTime;

  protected onKeydown(event: KeyboardEvent): void {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      // The shortcut again: start a new search.
      event.preventDefault();
      (event.target as HTMLInputElement).select();
      return;
    }
    if (event.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        this.search.move(event.key === 'ArrowDown' ? 1 : -1);
        return;
      case 'Enter': {
        const active = this.search.active();
        if (!active) return;
        event.preventDefault();
        this.choose(active);
        return;
      }
    }
  }

  protected choose(option: SearchOption): void {
    this.search.activeKey.set(option.key);
    switch (option.kind) {
      case 'conversation':
        this.close(['/c', option.match.conversation.id]);
        return;
      case 'message': {
        // A reply in a thread opens its thread; anything else, the chat at the message.
        const { conversationId, seq, threadRootId } = option.hit.message;
        this.close(['/c', conversationId], threadRootId ? { inThread: threadRootId } : { at: seq });
        return;
      }
      case 'person':
        this.openPerson(option.user);
        return;
      case 'more':
        this.search.loadMore();
        return;
    }
  }

  /**
   * Closes, then goes where asked: once the focus is back where it was (the dialog gives it
   * back as it goes), so that it cannot stop the conversation scrolling to a message.
   */
  protected close(commands?: unknown[], queryParams?: Params): void {
    if (commands) {
      this.dialogRef.afterClosed().subscribe(() => {
        void this.router.navigate(commands, queryParams ? { queryParams } : {});
      });
    }
    this.dialogRef.close();
  }

  /** Opens (creating it the first time) the direct chat with someone found. */
  private openPerson(user: UserDto): void {
    if (this.opening() !== null) return;
    this.opening.set(user.id);
    this.openError.set(null);
    this.conversations
      .openDirect(user.id)
      .pipe(finalize(() => this.opening.set(null)))
      .subscribe({
        next: (conversation) => this.close(['/c', conversation.id]),
        error: (error: unknown) =>
          this.openError.set(
            `Couldn't open the chat with ${user.displayName}. ${describeApiProblem(readApiProblem(error))}`,
          ),
      });
  }
}

/** The element id of an option (for `aria-activedescendant`). */
function optionId(key: string): string {
  return `search-option-${key.replace(/[^\w-]/g, '-')}`;
}

/** Opens the search: a panel near the top of the window, or the whole screen on a phone. */
export function openSearchOverlay(
  dialog: MatDialog,
  fullscreen: boolean,
  scope?: SearchScope,
): MatDialogRef<SearchOverlay> {
  const data: SearchOverlayData = { fullscreen, scope };
  return dialog.open(SearchOverlay, {
    data,
    ariaLabel: scope ? `Search in ${scope.title}` : 'Search',
    autoFocus: '.search-input',
    panelClass: fullscreen ? ['search-panel', 'search-panel-fullscreen'] : 'search-panel',
    ...(fullscreen
      ? { width: '100vw', maxWidth: '100vw', height: '100%', maxHeight: '100%' }
      : { width: '640px', maxWidth: 'calc(100vw - 32px)', position: { top: '10vh' } }),
  });
}
