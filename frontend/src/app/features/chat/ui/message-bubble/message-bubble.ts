import { Component, computed, ElementRef, inject, input, output, viewChild } from '@angular/core';
import { MatBottomSheet } from '@angular/material/bottom-sheet';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';

import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { excerptOf, ReadState, replyingLabel } from '../../data-access/conversation-view';
import { MessageAttachments } from '../../attachments/message-attachments/message-attachments';
import { LinkPreviewCard } from '../../link-preview/link-preview-card';
import { MessageMentions } from '../../mentions/message-mentions';
import { PinsStore } from '../../pins/data-access/pins.store';
import { Reactions } from '../../reactions/data-access/reactions';
import { QuickReactions } from '../../reactions/quick-reactions/quick-reactions';
import { ReactionChips } from '../../reactions/reaction-chips/reaction-chips';
import { SavedStore } from '../../saved/data-access/saved.store';
import { openMessageActionSheet, SheetAction } from '../action-sheet/message-action-sheet';
import { BotBadge } from '../bot-badge/bot-badge';
import { isVisitor, VisitorBadge } from '../visitor-badge/visitor-badge';
import { clockTime, fullTime } from '../chat-time';
import { Markdown } from '../markdown/markdown';
import { ReadTick } from '../read-tick/read-tick';
import { ChatItem, ReplyQuote } from '../timeline';
import { TypingDots } from '../typing-dots/typing-dots';
import { LongPress } from './long-press';

/** `retry`/`discard`: a message of the user's that was not sent; `…Reply`: a bot's reply. */
export type MessageAction =
  | 'reply'
  | 'thread'
  | 'edit'
  | 'delete'
  | 'copy'
  | 'retry'
  | 'discard'
  | 'stopReply'
  | 'retryReply'
  | 'markUnread'
  | 'pin'
  | 'unpin'
  | 'save'
  | 'unsave'
  | 'forward'
  | 'remind';

/**
 * One message: the sender (first of a run), the quoted message it replies to, the text, its time
 * and tick, and its actions: in a menu from the ⋮ button (shown on hover or keyboard focus) or a
 * right click, and in a sheet from the bottom after a long press (touch). A person's text is
 * formatted (the chat's Markdown subset, links clickable), a bot's reply is Markdown; while it
 * streams it ends with a caret (typing dots before its first word) and can be stopped; a failed
 * one says why and can be retried.
 */
@Component({
  selector: 'app-message-bubble',
  imports: [
    LinkPreviewCard,
    MessageAttachments,
    MatIcon,
    MatIconButton,
    MatButton,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    Avatar,
    BotBadge,
    VisitorBadge,
    Markdown,
    ReadTick,
    TypingDots,
    LongPress,
    ReactionChips,
    QuickReactions,
  ],
  templateUrl: './message-bubble.html',
  styleUrl: './message-bubble.scss',
  host: {
    'data-testid': 'message',
    '[attr.data-message-id]': 'item().message?.id',
    '[attr.data-seq]': 'item().seq',
    '[attr.data-client-message-id]': 'item().clientMessageId',
    '[attr.data-state]': 'item().state',
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

  private readonly messageMentions = inject(MessageMentions);
  protected readonly mentions = computed(() => this.messageMentions.of(this.item().message));
  protected readonly isVisitor = isVisitor;
  protected readonly time = computed(() => clockTime(this.item().createdAt));
  protected readonly fullTime = computed(() => fullTime(this.item().createdAt));
  protected readonly streaming = computed(() => {
    const item = this.item();
    return item.bot && item.status === 'streaming' && !item.deleted;
  });
  /** Stop under a streaming reply, Retry under a failed one, Regenerate under a stopped one. */
  protected readonly hasReplyActions = computed(() => {
    const item = this.item();
    const ended = item.status === 'failed' || item.status === 'stopped';
    return this.streaming() || (item.bot && ended && !item.deleted);
  });
  protected readonly replyingLabel = computed(() => replyingLabel(this.item().sender.displayName));
  /** A reply being written has only Stop until it is done. */
  protected readonly hasActions = computed(() => {
    const item = this.item();
    return item.state === 'stored' && !item.deleted && !item.system && !this.streaming();
  });
  protected readonly canEdit = computed(() => this.own() && this.item().message?.kind === 'text');
  /** A thread starts from a stored message that is neither a reply in one nor a system line. */
  protected readonly canThread = computed(() => {
    const message = this.item().message;
    return !!message && message.kind !== 'system' && message.threadRootId === null;
  });
  protected readonly canDelete = computed(() => this.own() || this.canModerate());
  private readonly pins = inject(PinsStore);
  private readonly saved = inject(SavedStore);
  protected readonly pinned = computed(() => this.pins.isPinned(this.item().message!));
  protected readonly isSaved = computed(() => this.saved.isSaved(this.item().message!));
  /** Only text travels: the server refuses to forward a message without any. */
  protected readonly canForward = computed(() => !!this.item().message?.body);
  /** Names the message the actions button is for: "Actions for message from Bob: hello…". */
  protected readonly actionsLabel = computed(() => {
    const item = this.item();
    const whose = this.own() ? 'your message' : `message from ${item.sender.displayName}`;
    return `Actions for ${whose}: ${excerptOf(item)}`;
  });

  private readonly menuTrigger = viewChild(MatMenuTrigger);
  private readonly longPress = viewChild.required(LongPress);
  private readonly sheets = inject(MatBottomSheet);
  protected readonly reactions = inject(Reactions);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /**
   * A right click opens the actions menu rather than the browser's. The `contextmenu` a touch
   * browser sends for a long press ends that press at once (the sheet opens), whichever comes
   * first.
   */
  protected onContextMenu(event: Event): void {
    if (!this.hasActions()) return;
    event.preventDefault();
    if (this.longPress().pressing) this.longPress().fire();
    else this.menuTrigger()?.openMenu();
  }

  /** The emoji picker beside the bubble; closed, it gives the focus back to the ⋮ button. */
  protected pickReaction(): void {
    const host = this.host.nativeElement;
    const bubble = host.querySelector<HTMLElement>('.bubble') ?? host;
    const menuButton = host.querySelector<HTMLElement>('.menu-button') ?? bubble;
    void this.reactions.pick(this.item().message!, bubble, menuButton);
  }

  /** A long press: the actions in a sheet from the bottom, within reach of the thumb. */
  protected openSheet(): void {
    if (!this.hasActions()) return;
    const item = this.item();
    const stored = item.message!;
    const actions: SheetAction[] = ['reply'];
    if (this.canThread()) actions.push('thread');
    actions.push('react');
    if (this.canEdit()) actions.push('edit');
    actions.push('copy', 'remind');
    if (stored.reactions.length > 0) actions.push('whoReacted');
    if (!this.own()) actions.push('markUnread');
    actions.push(this.pinned() ? 'unpin' : 'pin', this.isSaved() ? 'unsave' : 'save');
    if (this.canForward()) actions.push('forward');
    if (this.canDelete()) actions.push('delete');
    navigator.vibrate?.(10);
    openMessageActionSheet(this.sheets, {
      sender: this.own() ? 'You' : item.sender.displayName,
      excerpt: excerptOf(item),
      actions,
      reactions: this.reactions.mine(stored),
    }).subscribe((choice) => {
      if (!choice) return;
      if (typeof choice === 'object') this.reactions.toggle(stored, choice.emoji);
      else if (choice === 'react') this.pickReaction();
      else if (choice === 'whoReacted') this.reactions.showWhoReacted(stored);
      else this.action.emit(choice);
    });
  }
}
