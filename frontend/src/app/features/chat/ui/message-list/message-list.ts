import {
  afterNextRender,
  afterRenderEffect,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  ElementRef,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';

import { Avatar, AvatarUser } from '../../../../shared/ui/avatar/avatar';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { Clock } from '../../data-access/clock';
import { ReadState } from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { SystemLine } from '../../groups/system-line/system-line';
import { relativeTime } from '../chat-time';
import { MessageAction, MessageBubble } from '../message-bubble/message-bubble';
import { ChatItem, TimelineRow } from '../timeline';

/** Closer than this to the bottom counts as at the bottom: new messages keep it there. */
const NEAR_BOTTOM_PX = 80;
/** Older messages load before the user reaches the very top (newer ones, the bottom). */
const LOAD_OLDER_PX = 400;
/** How long a message shown on request (a quote, a search hit) stands out. */
const HIGHLIGHT_MS = 2_000;

export interface MessageListAction {
  readonly action: MessageAction;
  readonly item: ChatItem;
}

/** Room left above the "New messages" divider: the sticky day label covers the top. */
const DIVIDER_MARGIN_PX = 44;

/** Where the messages the user has not read begin, as the conversation opened. */
export interface UnreadMarker {
  /** The first unread seq. */
  readonly fromSeq: number;
  readonly count: number;
}

/** A message to bring into view and flash; a new `token` asks again for the same one. */
export interface MessageFocus {
  readonly seq: number;
  readonly token: number;
}

/** What the last render showed, to tell where the rows changed. */
interface Shown {
  readonly conversationId: string | null;
  /** Newer messages were still to load: rows added at the bottom are a page, not news. */
  readonly detached: boolean;
  readonly firstKey: string | null;
  readonly lastKey: string | null;
  /** Distance of the scroll position from the bottom: constant while older rows are prepended. */
  readonly fromBottom: number;
}

/**
 * The scrolling list of messages. Loads older ones near the top and keeps the view still when they
 * are prepended; follows new ones at the bottom when the user is there, else counts them on a
 * "jump to latest" button. Opened at an older message (`focus`), it centres and flashes it, and
 * loads newer pages near the bottom until the newest message is reached. With unread messages
 * (`unread`), it opens at the first of them under a "New messages" divider, and offers to jump
 * back there while the divider is out of view above.
 */
@Component({
  selector: 'app-message-list',
  imports: [MessageBubble, SystemLine, MatButton, MatIcon, MatProgressSpinner, ErrorState, Avatar],
  templateUrl: './message-list.html',
  styleUrl: './message-list.scss',
})
export class MessageList {
  /** A new conversation starts at its bottom. */
  readonly conversationId = input.required<string>();
  readonly rows = input.required<readonly TimelineRow[]>();
  readonly readStates = input<ReadonlyMap<string, ReadState>>(new Map());
  /** The text of group changes (system messages), by row key, in the reader's terms. */
  readonly systemLines = input<ReadonlyMap<string, string>>(new Map());
  readonly hasOlder = input(false);
  readonly loadingOlder = input(false);
  readonly olderError = input<string | null>(null);
  /** The rows end short of the newest message (a window around an older one). */
  readonly hasNewer = input(false);
  readonly loadingNewer = input(false);
  readonly newerError = input<string | null>(null);
  /** A message to bring into view and flash once its row shows. */
  readonly focus = input<MessageFocus | null>(null);
  readonly canModerate = input(false);
  /** Bot replies whose Stop or Retry is under way. */
  readonly busyReplies = input<ReadonlySet<string>>(new Set());
  /** Unread messages as the conversation opened: a divider above the first, shown until it closes. */
  readonly unread = input<UnreadMarker | null>(null);

  readonly loadOlder = output();
  readonly loadNewer = output();
  /** Asked for the newest messages while the rows end short of them. */
  readonly jumpToLatest = output();
  /** Asked for the first unread message while it is not loaded (older than the rows). */
  readonly jumpToUnread = output<number>();
  /** The `focus` asked for was handled (shown, or not found): it is not to be shown again. */
  readonly focusDone = output();
  readonly action = output<MessageListAction>();
  /** Whether the newest message is in view (reading happens there), on every change. */
  readonly atBottomChange = output<boolean>();

  private readonly clock = inject(Clock);
  private readonly conversations = inject(ConversationsStore);

  protected readonly atBottom = signal(true);

  /** Under a thread's root: "3 replies". */
  protected repliesText(count: number): string {
    return count === 1 ? '1 reply' : `${count} replies`;
  }

  protected lastReplyText(iso: string): string {
    return `Last reply ${relativeTime(iso, this.clock.now())}`;
  }

  /** The first few people who replied, as far as the list knows them. */
  protected participants(ids: readonly string[]): AvatarUser[] {
    return ids
      .slice(0, 3)
      .map((id) => this.conversations.knownUser(id))
      .filter((user) => user !== undefined);
  }

  /** New messages that arrived below the view. */
  protected readonly unseen = signal(0);
  protected readonly highlighted = signal<string | null>(null);
  /** The row the "New messages" divider stands above: the first unread message loaded. */
  protected readonly dividerKey = computed(() => {
    const unread = this.unread();
    if (unread === null) return null;
    const messages = this.rows().filter((row) => row.type === 'message' && row.item.seq !== null);
    const first = messages.find((row) => row.type === 'message' && row.item.seq! >= unread.fromSeq);
    if (!first || first.type !== 'message') return null;
    // Older unread messages are not loaded yet: the divider would stand in the wrong place.
    if (first === messages[0] && this.hasOlder() && first.item.seq! > unread.fromSeq) return null;
    return first.key;
  });
  /** The first unread message is above the view (or not loaded): a button goes back to it. */
  protected readonly unreadAbove = signal(false);

  private readonly viewport = viewChild.required<ElementRef<HTMLElement>>('viewport');
  private shown: Shown = {
    conversationId: null,
    detached: false,
    firstKey: null,
    lastKey: null,
    fromBottom: 0,
  };
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;
  /** The `focus` request last handled. */
  private focusedToken: number | null = null;
  private readonly reducedMotion =
    inject(DOCUMENT).defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)') ?? null;

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterRenderEffect({
      // Reads the new layout and scrolls in one go: splitting would paint a jump in between.
      mixedReadWrite: () => {
        const rows = this.rows();
        const conversationId = this.conversationId();
        untracked(() => this.settle(conversationId, rows));
      },
    });
    // A message asked for that is on screen already (rows that change show it in `settle`).
    afterRenderEffect({
      mixedReadWrite: () => {
        const focus = this.focus();
        untracked(() => {
          if (this.shown.conversationId === null) return;
          const messages = this.rows().filter((row) => row.type === 'message');
          const focused = this.focusRow(focus, messages);
          if (focused) this.reveal(focused.element, focused.messageId, this.motion());
        });
      },
    });
    // The composer growing (or a reply chip, the window) must not hide the newest messages.
    afterNextRender(() => {
      if (typeof ResizeObserver === 'undefined') return;
      const element = this.viewport().nativeElement;
      const observer = new ResizeObserver(() => {
        if (this.atBottom() && !this.hasNewer()) element.scrollTop = element.scrollHeight;
      });
      observer.observe(element);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }

  /** The newest messages: at the bottom, or to be loaded when the rows end short of them. */
  protected showLatest(): void {
    if (this.hasNewer()) this.jumpToLatest.emit();
    else this.scrollToBottom(this.motion());
  }

  protected scrollToBottom(behavior: ScrollBehavior = 'auto'): void {
    const element = this.viewport().nativeElement;
    element.scrollTo({ top: element.scrollHeight, behavior });
    this.unseen.set(0);
  }

  /** Back to the first unread message: the divider on screen, else its page loaded. */
  protected showFirstUnread(): void {
    const divider = this.divider();
    if (divider) {
      this.scrollToDivider(divider, this.motion());
    } else {
      const unread = this.unread();
      if (unread) this.jumpToUnread.emit(unread.fromSeq);
    }
  }

  private divider(): HTMLElement | null {
    return this.viewport().nativeElement.querySelector<HTMLElement>(
      '[data-testid="new-messages-divider"]',
    );
  }

  private scrollToDivider(divider: HTMLElement, behavior: ScrollBehavior): void {
    const element = this.viewport().nativeElement;
    const offset =
      divider.getBoundingClientRect().top - element.getBoundingClientRect().top - DIVIDER_MARGIN_PX;
    element.scrollTo({ top: element.scrollTop + offset, behavior });
  }

  private updateUnreadAbove(): void {
    const unread = this.unread();
    if (unread === null) {
      this.unreadAbove.set(false);
      return;
    }
    const divider = this.divider();
    if (!divider) {
      // Not loaded: it is above, among the older messages.
      this.unreadAbove.set(this.hasOlder());
      return;
    }
    const top = this.viewport().nativeElement.getBoundingClientRect().top;
    this.unreadAbove.set(divider.getBoundingClientRect().bottom < top + DIVIDER_MARGIN_PX);
  }

  /** Scrolls a loaded message into view and flashes it (a reply's quote was clicked). */
  protected scrollToMessage(messageId: string): void {
    const element = this.viewport().nativeElement.querySelector<HTMLElement>(
      `[data-message-id="${CSS.escape(messageId)}"]`,
    );
    if (element) this.reveal(element, messageId, this.motion());
  }

  protected onScroll(): void {
    const element = this.viewport().nativeElement;
    this.shown = { ...this.shown, fromBottom: element.scrollHeight - element.scrollTop };
    const atBottom = this.isNearBottom(element);
    this.setAtBottom(atBottom);
    this.updateUnreadAbove();
    if (atBottom) this.unseen.set(0);
    if (element.scrollTop < LOAD_OLDER_PX) this.requestOlder();
    if (element.scrollHeight - element.scrollTop - element.clientHeight < LOAD_OLDER_PX) {
      this.requestNewer();
    }
  }

  /** Centres a message's row in the view and flashes it. */
  private reveal(row: HTMLElement, messageId: string, behavior: ScrollBehavior): void {
    const element = this.viewport().nativeElement;
    const view = element.getBoundingClientRect();
    const target = row.getBoundingClientRect();
    const offset = target.top - view.top - (element.clientHeight - target.height) / 2;
    element.scrollTo({ top: element.scrollTop + offset, behavior });
    this.highlighted.set(messageId);
    clearTimeout(this.highlightTimer);
    this.highlightTimer = setTimeout(() => this.highlighted.set(null), HIGHLIGHT_MS);
  }

  /** Smooth scrolling, unless the user asked for less motion. */
  private motion(): ScrollBehavior {
    return this.reducedMotion?.matches ? 'auto' : 'smooth';
  }

  /** The row of the message asked for, once: null if it is not (or no longer) to be shown. */
  private focusRow(
    focus: MessageFocus | null,
    messages: readonly Extract<TimelineRow, { type: 'message' }>[],
  ): { element: HTMLElement; messageId: string } | null {
    if (focus === null || focus.token === this.focusedToken) return null;
    this.focusedToken = focus.token;
    this.focusDone.emit();
    const messageId = messages.find((r) => r.item.seq === focus.seq)?.item.message?.id;
    if (!messageId) return null;
    const element = this.viewport().nativeElement.querySelector<HTMLElement>(
      `[data-seq="${Math.trunc(focus.seq)}"]`,
    );
    return element ? { element, messageId } : null;
  }

  private settle(conversationId: string, rows: readonly TimelineRow[]): void {
    const element = this.viewport().nativeElement;
    const messages = rows.filter((row) => row.type === 'message');
    const firstKey = messages[0]?.key ?? null;
    const lastKey = messages.at(-1)?.key ?? null;
    const before = this.shown;
    const wasAtBottom = before.fromBottom - element.clientHeight <= NEAR_BOTTOM_PX;
    const focused = this.focusRow(this.focus(), messages);

    if (focused) {
      // Opened at this message: straight there; already on screen: the eye follows.
      const fresh = conversationId !== before.conversationId || before.lastKey === null;
      this.reveal(focused.element, focused.messageId, fresh ? 'auto' : this.motion());
    } else if (conversationId !== before.conversationId || before.lastKey === null) {
      // Opens at the first unread message when there are some, else at the newest.
      const divider = this.divider();
      if (divider) this.scrollToDivider(divider, 'auto');
      else element.scrollTop = element.scrollHeight;
      this.unseen.set(0);
    } else if (lastKey !== before.lastKey && before.detached) {
      // A newer page came in below: what the user is reading stays where it is.
    } else if (lastKey !== before.lastKey) {
      const index = messages.findIndex((row) => row.key === before.lastKey);
      const added = index < 0 ? [] : messages.slice(index + 1);
      // The user's own message always shows: they just sent it.
      if (wasAtBottom || added.some((row) => row.own)) {
        element.scrollTop = element.scrollHeight;
        this.unseen.set(0);
      } else {
        this.unseen.update((count) => count + added.length);
      }
    } else if (firstKey !== before.firstKey) {
      // Older messages were prepended: keep the same messages under the user's eyes.
      element.scrollTop = element.scrollHeight - before.fromBottom;
    } else if (wasAtBottom) {
      // Something grew (an edit, a failure notice): stay at the bottom.
      element.scrollTop = element.scrollHeight;
    }

    this.shown = {
      conversationId,
      detached: this.hasNewer(),
      firstKey,
      lastKey,
      fromBottom: element.scrollHeight - element.scrollTop,
    };
    this.setAtBottom(this.isNearBottom(element), conversationId !== before.conversationId);
    this.updateUnreadAbove();
    // Too few messages to scroll: nothing would ever trigger loading the others.
    if (element.scrollHeight <= element.clientHeight + LOAD_OLDER_PX) {
      this.requestOlder();
      this.requestNewer();
    }
  }

  private requestOlder(): void {
    if (this.hasOlder() && !this.loadingOlder() && this.olderError() === null) {
      this.loadOlder.emit();
    }
  }

  private requestNewer(): void {
    if (this.hasNewer() && !this.loadingNewer() && this.newerError() === null) {
      this.loadNewer.emit();
    }
  }

  /** Tells the chat whether the newest message is in view: on a change, and for each new one. */
  private setAtBottom(atBottom: boolean, opened = false): void {
    if (atBottom === this.atBottom() && !opened) return;
    this.atBottom.set(atBottom);
    this.atBottomChange.emit(atBottom);
  }

  private isNearBottom(element: HTMLElement): boolean {
    return element.scrollHeight - element.scrollTop - element.clientHeight <= NEAR_BOTTOM_PX;
  }
}
