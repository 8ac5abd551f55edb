import { Component, computed, input, output, viewChild } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';

import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { ReadState, replyingLabel } from '../../data-access/conversation-view';
import { BotBadge } from '../bot-badge/bot-badge';
import { clockTime, fullTime } from '../chat-time';
import { Markdown } from '../markdown/markdown';
import { ReadTick } from '../read-tick/read-tick';
import { ChatItem, ReplyQuote } from '../timeline';
import { TypingDots } from '../typing-dots/typing-dots';

/** `retry`/`discard`: a message of the user's that was not sent; `…Reply`: a bot's reply. */
export type MessageAction =
  'reply' | 'edit' | 'delete' | 'copy' | 'retry' | 'discard' | 'stopReply' | 'retryReply';

/**
 * One message: the sender (first of a run), the quoted message it replies to, the text, its time
 * and tick, and its actions in a menu: the ⋮ button (shown on hover or keyboard focus), or a
 * right click or long press on the bubble. A bot's reply is Markdown; while it streams it ends
 * with a caret (typing dots before its first word) and can be stopped; a failed one says why and
 * can be retried.
 */
@Component({
  selector: 'app-message-bubble',
  imports: [
    MatIcon,
    MatIconButton,
    MatButton,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    Avatar,
    BotBadge,
    Markdown,
    ReadTick,
    TypingDots,
  ],
  templateUrl: './message-bubble.html',
  styleUrl: './message-bubble.scss',
  host: {
    'data-testid': 'message',
    '[attr.data-message-id]': 'item().message?.id',
    '[attr.data-seq]': 'item().seq',
    '[attr.data-status]': 'item().bot ? item().status : null',
    '[class.with-reply-actions]': 'hasReplyActions()',
    '[class.own]': 'own()',
    '[class.group-start]': 'groupStart()',
    '[class.group-end]': 'groupEnd()',
  },
})
export class MessageBubble {
  readonly item = input.required<ChatItem>();
  readonly own = input(false);
  readonly groupStart = input(true);
  readonly groupEnd = input(true);
  readonly replyTo = input<ReplyQuote | null>(null);
  /** Own messages only. */
  readonly readState = input<ReadState | null>(null);
  /** May delete other people's messages (a group's owner or admins). */
  readonly canModerate = input(false);
  /** A Stop or Retry of this bot reply is under way. */
  readonly busy = input(false);

  readonly action = output<MessageAction>();
  /** The quoted message was clicked: its id. */
  readonly quoteClick = output<string>();

  protected readonly time = computed(() => clockTime(this.item().createdAt));
  protected readonly fullTime = computed(() => fullTime(this.item().createdAt));
  protected readonly streaming = computed(() => {
    const item = this.item();
    return item.bot && item.status === 'streaming' && !item.deleted;
  });
  /** Stop under a streaming reply, Retry under a failed one. */
  protected readonly hasReplyActions = computed(() => {
    const item = this.item();
    return this.streaming() || (item.bot && item.status === 'failed' && !item.deleted);
  });
  protected readonly replyingLabel = computed(() => replyingLabel(this.item().sender.displayName));
  /** A reply being written has only Stop until it is done. */
  protected readonly hasActions = computed(() => {
    const item = this.item();
    return item.state === 'stored' && !item.deleted && !item.system && !this.streaming();
  });
  protected readonly canEdit = computed(() => this.own() && this.item().message?.kind === 'text');
  protected readonly canDelete = computed(() => this.own() || this.canModerate());

  private readonly menuTrigger = viewChild(MatMenuTrigger);

  /** A right click or long press opens the actions rather than the browser's menu. */
  protected openMenu(event: Event): void {
    const trigger = this.menuTrigger();
    if (!trigger) return;
    event.preventDefault();
    trigger.openMenu();
  }
}
