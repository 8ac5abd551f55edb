import { Component, computed, input, output, viewChild } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';

import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { ReadState } from '../../data-access/conversation-view';
import { clockTime, fullTime } from '../chat-time';
import { ReadTick } from '../read-tick/read-tick';
import { ChatItem, ReplyQuote } from '../timeline';

export type MessageAction = 'reply' | 'edit' | 'delete' | 'copy' | 'retry' | 'discard';

/**
 * One message: the sender (first of a run), the quoted message it replies to, the text, its time
 * and tick, and its actions in a menu: the ⋮ button (shown on hover or keyboard focus), or a
 * right click or long press on the bubble.
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
    ReadTick,
  ],
  templateUrl: './message-bubble.html',
  styleUrl: './message-bubble.scss',
  host: {
    'data-testid': 'message',
    '[attr.data-message-id]': 'item().message?.id',
    '[attr.data-seq]': 'item().seq',
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

  readonly action = output<MessageAction>();
  /** The quoted message was clicked: its id. */
  readonly quoteClick = output<string>();

  protected readonly time = computed(() => clockTime(this.item().createdAt));
  protected readonly fullTime = computed(() => fullTime(this.item().createdAt));
  protected readonly hasActions = computed(() => {
    const item = this.item();
    return item.state === 'stored' && !item.deleted && !item.system;
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
