import { inject, Injectable } from '@angular/core';
import { Observable, tap } from 'rxjs';

import { ConversationsService } from '../../../core/api';
import { ConversationSummaryDto } from '../../../core/api/model';
import { ConversationsStore } from '../data-access/conversations.store';

/** How long a mute lasts: minutes, or until turned back on (null). */
export const MUTE_DURATIONS: readonly {
  readonly label: string;
  readonly minutes: number | null;
}[] = [
  { label: 'For 1 hour', minutes: 60 },
  { label: 'For 8 hours', minutes: 480 },
  { label: 'Until I turn it back on', minutes: null },
];

/** Whether a mute is in force at `now`: a timed one ends by itself. */
export function mutedNow(
  conversation: Pick<ConversationSummaryDto, 'muted' | 'mutedUntil'>,
  now: number,
): boolean {
  const until = conversation.mutedUntil ?? null;
  return conversation.muted && (until === null || Date.parse(until) > now);
}

/**
 * Unread messages for the tab's title: a muted conversation counts only its unread mentions of
 * the user.
 */
export function titleUnread(conversations: readonly ConversationSummaryDto[], now: number): number {
  return conversations.reduce(
    (sum, c) => sum + (mutedNow(c, now) ? c.mentionCount : c.unreadCount),
    0,
  );
}

/**
 * Mutes a conversation for the user (all their devices: the others hear `conversation:updated`),
 * for a while or until unmuted. A muted conversation notifies only a direct @mention of the user.
 */
@Injectable({ providedIn: 'root' })
export class ConversationMute {
  private readonly api = inject(ConversationsService);
  private readonly conversations = inject(ConversationsStore);

  setMuted(
    id: string,
    muted: boolean,
    forMinutes: number | null = null,
  ): Observable<ConversationSummaryDto> {
    return this.api
      .muteConversation(id, muted && forMinutes !== null ? { muted, forMinutes } : { muted })
      .pipe(tap((summary) => this.conversations.upsert(summary)));
  }
}
