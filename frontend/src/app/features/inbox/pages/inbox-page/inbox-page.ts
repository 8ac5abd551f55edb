import { Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { MatButton, MatIconAnchor, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTab, MatTabGroup } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';

import { InboxItemDto, InboxView, MessageDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { plainText } from '../../../../shared/text/plain-text';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { INBOX_VIEWS, InboxStore } from '../../data-access/inbox.store';

const LABELS: Record<InboxView, string> = { waiting: 'Waiting', mine: 'Mine', closed: 'Closed' };
const EMPTY: Record<InboxView, string> = {
  waiting: 'Nobody is waiting for a person.',
  mine: 'You have no visitors right now.',
  closed: 'No closed conversations yet.',
};

/** "just now", "4 min", "2 h 5 min": how long since `from`. */
export function waitText(from: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(from)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}

/** "Slim jeans (bottoms)", or null without a product page. */
export function contextText(item: InboxItemDto): string | null {
  const { product, category } = item.context ?? {};
  if (!product && !category) return null;
  return product && category ? `${product} (${category})` : (product ?? category ?? null);
}

/**
 * The support inbox: tabs of visitors (waiting, mine, closed), each with their widget, product
 * page and wait; opening one shows what they and the bot said, and claiming it opens the chat.
 */
@Component({
  selector: 'app-inbox-page',
  imports: [
    RouterLink,
    MatTabGroup,
    MatTab,
    MatButton,
    MatIconButton,
    MatIconAnchor,
    MatIcon,
    ErrorState,
  ],
  templateUrl: './inbox-page.html',
  styleUrl: './inbox-page.scss',
})
export class InboxPage implements OnInit {
  protected readonly store = inject(InboxStore);
  private readonly router = inject(Router);
  protected readonly views = INBOX_VIEWS;
  protected readonly labels = LABELS;
  protected readonly empty = EMPTY;
  protected readonly tab = signal(0);
  protected readonly view = computed(() => INBOX_VIEWS[this.tab()]);
  protected readonly now = signal(Date.now());
  protected readonly busy = signal(false);
  protected readonly actionError = signal<string | null>(null);
  protected readonly open = computed(() => {
    const id = this.store.transcript()?.conversationId;
    if (!id) return null;
    return this.views.flatMap((v) => this.store.lists()[v]).find((i) => i.conversationId === id);
  });
  protected readonly waitText = waitText;
  protected readonly contextText = contextText;

  constructor() {
    // Wait times move on while the page is open.
    const timer = setInterval(() => this.now.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  ngOnInit(): void {
    this.store.load();
  }

  protected select(item: InboxItemDto): void {
    this.actionError.set(null);
    this.store.openTranscript(item.conversationId);
  }

  protected back(): void {
    this.store.closeTranscript();
  }

  protected claim(item: InboxItemDto): void {
    this.act(this.store.claim(item.conversationId), () => {
      void this.router.navigate(['/c', item.conversationId]);
    });
  }

  protected close(item: InboxItemDto): void {
    this.act(this.store.close(item.conversationId), () => this.store.closeTranscript());
  }

  protected lineOf(message: MessageDto): string {
    // The transcript is for reading at a glance: Markdown marks would only get in the way.
    return message.body === null ? 'Message deleted' : plainText(message.body);
  }

  private act(request: ReturnType<InboxStore['claim']>, done: () => void): void {
    this.busy.set(true);
    this.actionError.set(null);
    request.subscribe({
      next: () => {
        this.busy.set(false);
        done();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.actionError.set(describeApiProblem(readApiProblem(error)));
      },
    });
  }
}
