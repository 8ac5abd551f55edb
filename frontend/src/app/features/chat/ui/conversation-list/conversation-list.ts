import { Component, computed, ElementRef, inject, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';

import { BotDto, ConversationSummaryDto } from '../../../../core/api/model';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { BotSuggestion } from '../../data-access/bot-suggestions';
import {
  conversationAvatar,
  conversationTitle,
  directBot,
  messagePreview,
  otherMembers,
} from '../../data-access/conversation-view';
import { LoadStatus } from '../../data-access/conversations.store';
import { systemText } from '../../groups/data-access/system-text';
import { mutedNow } from '../../notifications/conversation-mute';
import { MuteButton } from '../../notifications/mute-button/mute-button';
import { BotBadge } from '../bot-badge/bot-badge';
import { relativeTime } from '../chat-time';
import { OnlineAvatar } from '../online-avatar/online-avatar';

/** A draft's first non-blank line, for the preview. */
function firstLine(text: string | undefined): string {
  return (
    text
      ?.split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? ''
  );
}

function nameIn(conversation: ConversationSummaryDto, userId: string): string | undefined {
  return conversation.members.find((member) => member.user.id === userId)?.user.displayName;
}

/** The next page loads this close to the end of the list. */
const LOAD_MORE_PX = 200;
const SKELETON_ROWS = [0, 1, 2, 3, 4, 5];

/**
 * The conversations, newest activity first; each is a link, and arrow keys move between them.
 * With none yet, it suggests starting a chat, or asking one of the server's bots.
 */
@Component({
  selector: 'app-conversation-list',
  imports: [
    RouterLink,
    MatButton,
    MatIcon,
    MatProgressSpinner,
    Avatar,
    OnlineAvatar,
    BotBadge,
    ErrorState,
    MuteButton,
  ],
  templateUrl: './conversation-list.html',
  styleUrl: './conversation-list.scss',
  host: { '(scroll)': 'onScroll()' },
})
export class ConversationList {
  readonly conversations = input.required<readonly ConversationSummaryDto[]>();
  readonly myId = input.required<string>();
  readonly selectedId = input<string | null>(null);
  readonly status = input.required<LoadStatus>();
  readonly error = input<string | null>(null);
  readonly hasMore = input(false);
  readonly loadingMore = input(false);
  readonly loadMoreError = input<string | null>(null);
  /** The current time, for "5 min" labels. */
  readonly now = input.required<number>();
  /** Bots to suggest while there is no conversation. */
  readonly suggestions = input<readonly BotSuggestion[]>([]);
  /** The bot whose chat is being opened from a suggestion. */
  readonly openingBot = input<string | null>(null);
  /** People known to be online: a direct chat's avatar shows it. */
  readonly onlineIds = input<ReadonlySet<string>>(new Set());
  /** Names of people no longer in a group, for the group changes shown as previews. */
  readonly formerName = input<(userId: string) => string | undefined>(() => undefined);
  /** Unsent text by conversation: shown as "Draft: …" in place of the last message. */
  readonly drafts = input<ReadonlyMap<string, string>>(new Map());

  readonly retry = output();
  readonly loadMore = output();
  readonly startChat = output();
  readonly askBot = output<BotDto>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly skeletonRows = SKELETON_ROWS;
  /**
   * The first-run help (start a chat, ask a bot) stays until the person has a chat of their
   * own: the channels everyone joins (#general) are listed above it, not instead of it.
   */
  protected readonly onboarding = computed(
    () => !this.hasMore() && !this.conversations().some((c) => c.type !== 'channel'),
  );
  protected readonly items = computed(() => {
    const myId = this.myId();
    const now = this.now();
    const onlineIds = this.onlineIds();
    const formerName = this.formerName();
    const drafts = this.drafts();
    const selectedId = this.selectedId();
    return this.conversations().map((conversation) => {
      const last = conversation.lastMessage;
      // The open chat shows its draft in the box itself.
      const draft = conversation.id === selectedId ? '' : firstLine(drafts.get(conversation.id));
      const otherId =
        conversation.type === 'direct' ? otherMembers(conversation, myId)[0]?.user.id : undefined;
      return {
        id: conversation.id,
        title: conversationTitle(conversation, myId),
        avatar: conversationAvatar(conversation, myId),
        bot: directBot(conversation, myId) !== null,
        preview:
          last?.system && last.deletedAt === null
            ? systemText(last, (id) => nameIn(conversation, id) ?? formerName(id), myId)
            : messagePreview(last, conversation, myId),
        draft,
        deleted: last !== null && last.deletedAt !== null,
        time: relativeTime(last?.createdAt ?? conversation.updatedAt, now),
        unread: conversation.unreadCount,
        mentions: conversation.mentionCount,
        muted: mutedNow(conversation, now),
        conversation,
        online: otherId !== undefined && onlineIds.has(otherId),
      };
    });
  });

  protected onScroll(): void {
    const element = this.host.nativeElement;
    const fromEnd = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (fromEnd < LOAD_MORE_PX && this.hasMore() && !this.loadingMore() && !this.loadMoreError()) {
      this.loadMore.emit();
    }
  }

  /** Up and down arrows move between conversations; Enter opens one (it is a link). */
  protected onKeydown(event: KeyboardEvent): void {
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    const links = Array.from(
      this.host.nativeElement.querySelectorAll<HTMLElement>('[data-testid="conversation-item"]'),
    );
    const index = links.indexOf(event.target as HTMLElement);
    const next = links[index + step];
    if (index >= 0 && next) {
      event.preventDefault();
      next.focus();
    }
  }
}
