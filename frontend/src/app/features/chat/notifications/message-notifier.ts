import {
  DestroyRef,
  DOCUMENT,
  effect,
  inject,
  Injectable,
  Injector,
  untracked,
} from '@angular/core';
import { Router } from '@angular/router';
import { merge } from 'rxjs';
import { filter } from 'rxjs/operators';

import { ConversationSummaryDto, InboxItemDto, MessageDto } from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { BrowserNotifications } from '../../../core/notifications/browser-notifications';
import { UnreadTitleStrategy } from '../../../core/notifications/unread-title';
import { RealtimeService } from '../../../core/realtime/realtime.service';
import { conversationTitle, firstLine, plainText } from '../data-access/conversation-view';
import { Clock } from '../data-access/clock';
import { ConversationsStore } from '../data-access/conversations.store';
import { mutedNow, titleUnread } from './conversation-mute';

/** A notification's body is one line of the message, this long at most. */
const BODY_LENGTH = 120;

/**
 * What to tell about a message that just arrived, or null: nothing about the user's own
 * messages, system lines, deleted ones or a bot reply still being written; in a muted
 * conversation, only a direct @mention of the user (not @here).
 */
export function notificationFor(
  message: MessageDto,
  conversation: ConversationSummaryDto | undefined,
  myId: string,
  now = Date.now(),
): { title: string; body: string } | null {
  if (message.sender.id === myId || message.kind === 'system') return null;
  if (conversation && mutedNow(conversation, now) && !message.mentions.includes(myId)) return null;
  if (message.body === null || message.deletedAt !== null || message.status !== 'complete') {
    return null;
  }
  const sender = message.sender.displayName;
  const title =
    conversation && conversation.type !== 'direct'
      ? `${sender} in ${conversationTitle(conversation, myId)}`
      : sender;
  const line = firstLine(plainText(message.body));
  const body = line.length > BODY_LENGTH ? `${line.slice(0, BODY_LENGTH - 1)}…` : line;
  return { title, body };
}

/**
 * The chat asking for attention: the unread total in the tab's title, and a browser notification
 * for each new message while the tab is hidden (one per conversation, the newest replacing the
 * last; a click opens the conversation). Injected by the chat page: it works from then on.
 */
@Injectable({ providedIn: 'root' })
export class MessageNotifier {
  private readonly conversations = inject(ConversationsStore);
  private readonly notifications = inject(BrowserNotifications);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  /** Shown notifications by conversation, to close them once the conversation is read. */
  private readonly shown = new Map<string, Notification>();

  constructor() {
    const title = inject(UnreadTitleStrategy);
    const clock = inject(Clock);
    effect(() => title.setUnread(titleUnread(this.conversations.conversations(), clock.now())));

    const realtime = inject(RealtimeService);
    // A person's message is news when it arrives; a bot's reply when it is complete.
    const subscription = merge(
      realtime.on('message:new').pipe(filter((message) => message.kind !== 'bot')),
      realtime
        .on('message:updated')
        .pipe(filter((message) => message.kind === 'bot' && message.status === 'complete')),
    ).subscribe((message) => this.notify(message));
    // Support agents (the only ones who get `inbox:updated`): a visitor asking for a person.
    const visitors = realtime
      .on('inbox:updated')
      .pipe(filter((item) => item.status === 'waiting'))
      .subscribe((item) => this.notifyVisitor(item));

    // Read elsewhere (in this tab once it shows, or another one): the notification is old news.
    effect(() => {
      for (const [id, notification] of this.shown) {
        if (this.conversations.get(id)?.unreadCount === 0) {
          untracked(() => this.close(id, notification));
        }
      }
    });
    // A pushed notification clicked while a tab is open: the service worker asks it to navigate.
    const workers = this.document.defaultView?.navigator.serviceWorker;
    const onWorkerMessage = (event: MessageEvent<{ type?: string; conversationId?: unknown }>) => {
      const { type, conversationId } = event.data ?? {};
      if (type === 'open-conversation' && typeof conversationId === 'string')
        void this.router.navigate(['/c', conversationId]);
    };
    workers?.addEventListener('message', onWorkerMessage);
    // This device's push subscription (if notifications were turned on) now pushes for whoever
    // signed in; loaded only then.
    if (this.notifications.state() === 'on') {
      const injector = inject(Injector);
      import('./web-push').then(
        (webPush) => webPush.resyncWebPush(injector).catch(() => undefined),
        () => undefined,
      );
    }
    inject(DestroyRef).onDestroy(() => {
      workers?.removeEventListener('message', onWorkerMessage);
      subscription.unsubscribe();
      visitors.unsubscribe();
      for (const [id, notification] of this.shown) this.close(id, notification);
    });
  }

  private notify(message: MessageDto): void {
    // A visible tab shows the message itself; a hidden one shows none of its conversations.
    if (this.document.visibilityState !== 'hidden') return;
    const myId = this.session.user()?.id ?? '';
    const conversationId = message.conversationId;
    const content = notificationFor(message, this.conversations.get(conversationId), myId);
    if (!content) return;
    const notification = this.notifications.show(content.title, {
      body: content.body,
      // One per conversation: the browser replaces the previous one with the same tag.
      tag: conversationId,
      icon: message.sender.avatarUrl ?? undefined,
    });
    if (!notification) return;
    this.shown.set(conversationId, notification);
    notification.onclick = () => {
      this.document.defaultView?.focus();
      this.close(conversationId, notification);
      void this.router.navigate(['/c', conversationId]);
    };
    notification.onclose = () => {
      if (this.shown.get(conversationId) === notification) this.shown.delete(conversationId);
    };
  }

  /** Even with the tab in view: the inbox may not be the page open. A click opens the inbox. */
  private notifyVisitor(item: InboxItemDto): void {
    const where = [item.widget?.name, item.context?.product].filter(Boolean).join(' · ');
    const notification = this.notifications.show('A visitor is waiting for a person', {
      body: where ? `${item.visitor.displayName} on ${where}` : item.visitor.displayName,
      tag: `inbox:${item.conversationId}`,
    });
    if (!notification) return;
    notification.onclick = () => {
      this.document.defaultView?.focus();
      notification.close();
      void this.router.navigate(['/inbox']);
    };
  }

  private close(id: string, notification: Notification): void {
    if (this.shown.get(id) === notification) this.shown.delete(id);
    notification.close();
  }
}
