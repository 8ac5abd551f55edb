import { inject, Injectable } from '@angular/core';
import { Observable, tap } from 'rxjs';

import { ConversationsService } from '../../../core/api';
import { ConversationSummaryDto } from '../../../core/api/model';
import { ConversationsStore } from '../data-access/conversations.store';

/**
 * Mutes a conversation for the user (all their devices: the others hear `conversation:updated`).
 * A muted conversation notifies only a direct @mention of the user.
 */
@Injectable({ providedIn: 'root' })
export class ConversationMute {
  private readonly api = inject(ConversationsService);
  private readonly conversations = inject(ConversationsStore);

  setMuted(id: string, muted: boolean): Observable<ConversationSummaryDto> {
    return this.api
      .muteConversation(id, { muted })
      .pipe(tap((summary) => this.conversations.upsert(summary)));
  }
}
