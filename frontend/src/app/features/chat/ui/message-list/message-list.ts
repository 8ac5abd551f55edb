import {
  afterNextRender,
  afterRenderEffect,
  Component,
  DestroyRef,
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

import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { ReadState } from '../../data-access/conversation-view';
import { MessageAction, MessageBubble } from '../message-bubble/message-bubble';
import { ChatItem, TimelineRow } from '../timeline';

/** Closer than this to the bottom counts as at the bottom: new messages keep it there. */
const NEAR_BOTTOM_PX = 80;
/** Older messages load before the user reaches the very top. */
const LOAD_OLDER_PX = 400;
const HIGHLIGHT_MS = 1_600;

export interface MessageListAction {
  readonly action: MessageAction;
  readonly item: ChatItem;
}

/** What the last render showed, to tell where the rows changed. */
interface Shown {
  readonly conversationId: string | null;
  readonly firstKey: string | null;
  readonly lastKey: string | null;
  /** Distance of the scroll position from the bottom: constant while older rows are prepended. */
  readonly fromBottom: number;
}

/**
 * The scrolling list of messages. Loads older ones near the top and keeps the view still when they
 * are prepended; follows new ones at the bottom when the user is there, else counts them on a
 * "jump to latest" button.
 */
@Component({
  selector: 'app-message-list',
  imports: [MessageBubble, MatButton, MatIcon, MatProgressSpinner, ErrorState],
  templateUrl: './message-list.html',
  styleUrl: './message-list.scss',
})
export class MessageList {
  /** A new conversation starts at its bottom. */
  readonly conversationId = input.required<string>();
  readonly rows = input.required<readonly TimelineRow[]>();
  readonly readStates = input<ReadonlyMap<string, ReadState>>(new Map());
  readonly hasOlder = input(false);
  readonly loadingOlder = input(false);
  readonly olderError = input<string | null>(null);
  readonly canModerate = input(false);
  /** Bot replies whose Stop or Retry is under way. */
  readonly busyReplies = input<ReadonlySet<string>>(new Set());

  readonly loadOlder = output();
  readonly action = output<MessageListAction>();
  /** Whether the newest message is in view (reading happens there), on every change. */
  readonly atBottomChange = output<boolean>();

  protected readonly atBottom = signal(true);

  /** New messages that arrived below the view. */
  protected readonly unseen = signal(0);
  protected readonly highlighted = signal<string | null>(null);

  private readonly viewport = viewChild.required<ElementRef<HTMLElement>>('viewport');
  private shown: Shown = { conversationId: null, firstKey: null, lastKey: null, fromBottom: 0 };
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;

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
    // The composer growing (or a reply chip, the window) must not hide the newest messages.
    afterNextRender(() => {
      if (typeof ResizeObserver === 'undefined') return;
      const element = this.viewport().nativeElement;
      const observer = new ResizeObserver(() => {
        if (this.atBottom()) element.scrollTop = element.scrollHeight;
      });
      observer.observe(element);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }

  protected scrollToBottom(behavior: ScrollBehavior = 'auto'): void {
    const element = this.viewport().nativeElement;
    element.scrollTo({ top: element.scrollHeight, behavior });
    this.unseen.set(0);
  }

  /** Scrolls a loaded message into view and flashes it (a reply's quote was clicked). */
  protected scrollToMessage(messageId: string): void {
    const element = this.viewport().nativeElement.querySelector<HTMLElement>(
      `[data-message-id="${CSS.escape(messageId)}"]`,
    );
    if (!element) return;
    element.scrollIntoView({ block: 'center', behavior: 'smooth' });
    this.highlighted.set(messageId);
    clearTimeout(this.highlightTimer);
    this.highlightTimer = setTimeout(() => this.highlighted.set(null), HIGHLIGHT_MS);
  }

  protected onScroll(): void {
    const element = this.viewport().nativeElement;
    this.shown = { ...this.shown, fromBottom: element.scrollHeight - element.scrollTop };
    const atBottom = this.isNearBottom(element);
    this.setAtBottom(atBottom);
    if (atBottom) this.unseen.set(0);
    if (element.scrollTop < LOAD_OLDER_PX) this.requestOlder();
  }

  private settle(conversationId: string, rows: readonly TimelineRow[]): void {
    const element = this.viewport().nativeElement;
    const messages = rows.filter((row) => row.type === 'message');
    const firstKey = messages[0]?.key ?? null;
    const lastKey = messages.at(-1)?.key ?? null;
    const before = this.shown;
    const wasAtBottom = before.fromBottom - element.clientHeight <= NEAR_BOTTOM_PX;

    if (conversationId !== before.conversationId || before.lastKey === null) {
      element.scrollTop = element.scrollHeight;
      this.unseen.set(0);
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
      firstKey,
      lastKey,
      fromBottom: element.scrollHeight - element.scrollTop,
    };
    this.setAtBottom(this.isNearBottom(element));
    // Too few messages to scroll: nothing would ever trigger loading the older ones.
    if (element.scrollHeight <= element.clientHeight + LOAD_OLDER_PX) this.requestOlder();
  }

  private requestOlder(): void {
    if (this.hasOlder() && !this.loadingOlder() && this.olderError() === null) {
      this.loadOlder.emit();
    }
  }

  private setAtBottom(atBottom: boolean): void {
    if (atBottom === this.atBottom()) return;
    this.atBottom.set(atBottom);
    this.atBottomChange.emit(atBottom);
  }

  private isNearBottom(element: HTMLElement): boolean {
    return element.scrollHeight - element.scrollTop - element.clientHeight <= NEAR_BOTTOM_PX;
  }
}
