import { computed, DestroyRef, effect, inject, Injectable, untracked } from '@angular/core';
import { Subscription } from 'rxjs';

import { SessionStore } from '../../../core/auth/session.store';
import { RealtimeService } from '../../../core/realtime/realtime.service';
import { ConversationsStore } from './conversations.store';
import { DeliveryReceipts } from './delivery-receipts';
import { MessagesStore } from './messages.store';
import { PresenceStore } from './presence.store';
import { TypingStore } from './typing.store';

/**
 * Routes socket events into the chat stores and keeps them consistent across reconnections
 * (catch-up) and sign-outs (reset). Injected by the chat page: it works from then on.
 */
@Injectable({ providedIn: 'root' })
export class ChatRealtime {
  private readonly realtime = inject(RealtimeService);
  private readonly conversations = inject(ConversationsStore);
  private readonly messages = inject(MessagesStore);
  private readonly typing = inject(TypingStore);
  private readonly presence = inject(PresenceStore);

  constructor() {
    const subscriptions = new Subscription();
    const { realtime, conversations, messages, typing, presence } = this;
    const receipts = inject(DeliveryReceipts);
    const session = inject(SessionStore);

    subscriptions.add(
      realtime.on('message:new').subscribe((message) => {
        typing.stopped(message.conversationId, message.sender.id);
        messages.applyNew(message);
        conversations.applyMessage(message);
        // This device has it: its sender gets a delivered tick.
        if (message.sender.id !== session.user()?.id) {
          receipts.received(message.conversationId, message.seq);
        }
      }),
    );
    subscriptions.add(
      realtime.on('message:updated').subscribe((message) => {
        messages.applyUpdated(message);
        conversations.applyMessageUpdated(message);
      }),
    );
    // A bot reply being written: only the open thread shows it; the list says "Replying…".
    subscriptions.add(
      realtime.on('message:delta').subscribe((event) => messages.applyDelta(event)),
    );
    subscriptions.add(
      realtime.on('message:deleted').subscribe((event) => {
        messages.applyDeleted(event);
        conversations.applyMessageDeleted(event);
      }),
    );
    // "N replies" under a root moves live.
    subscriptions.add(
      realtime.on('thread:updated').subscribe((event) => messages.applyThreadSummary(event)),
    );
    subscriptions.add(
      realtime.on('attachment:updated').subscribe((event) => messages.applyAttachment(event)),
    );
    subscriptions.add(
      realtime.on('reaction:updated').subscribe((event) => messages.applyReactions(event)),
    );
    // Marked unread on another device: the badge follows.
    subscriptions.add(
      realtime.on('conversation:unread').subscribe((state) => conversations.applyUnread(state)),
    );
    subscriptions.add(realtime.on('typing').subscribe((event) => typing.apply(event)));
    subscriptions.add(realtime.on('presence').subscribe((event) => presence.apply(event)));
    subscriptions.add(
      realtime.on('conversation:read').subscribe((receipt) => conversations.applyRead(receipt)),
    );
    subscriptions.add(
      realtime
        .on('conversation:delivered')
        .subscribe((receipt) => conversations.applyDelivered(receipt)),
    );
    subscriptions.add(
      realtime.on('conversation:updated').subscribe((summary) => conversations.upsert(summary)),
    );
    // A new name or avatar shows at once in headers, the list and on the messages.
    subscriptions.add(
      realtime.on('user:updated').subscribe((user) => {
        conversations.applyUser(user);
        messages.applyUser(user);
      }),
    );
    subscriptions.add(
      realtime.on('conversation:removed').subscribe(({ conversationId }) => {
        conversations.remove(conversationId);
      }),
    );
    // Events sent while this client was not connected are gone: fetch what they carried.
    subscriptions.add(
      realtime.connected$.subscribe(() => {
        messages.catchUpAll();
        if (conversations.status() !== 'idle') conversations.refresh();
        presence.refresh();
      }),
    );

    // Another user signing in on this tab must not see the previous one's chats.
    const userId = computed(() => session.user()?.id ?? null);
    let previous = untracked(userId);
    effect(() => {
      const current = userId();
      if (current === previous) return;
      previous = current;
      untracked(() => {
        conversations.reset();
        messages.reset();
        typing.reset();
        presence.reset();
        receipts.reset();
      });
    });

    inject(DestroyRef).onDestroy(() => subscriptions.unsubscribe());
  }
}
