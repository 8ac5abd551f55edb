import { inject, Injectable } from '@angular/core';

import { MessageDto } from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { ConversationsStore } from '../data-access/conversations.store';
import { MentionMarks, mentionMarks } from './mentions';

/** A message's mentions as the renderer marks them, from its conversation's members. */
@Injectable({ providedIn: 'root' })
export class MessageMentions {
  private readonly conversations = inject(ConversationsStore);
  private readonly session = inject(SessionStore);

  /** Reactive: reads the conversation and the user. */
  of(message: MessageDto | null | undefined): MentionMarks | null {
    if (!message) return null;
    return mentionMarks(
      message,
      this.conversations.get(message.conversationId),
      this.session.user()?.id ?? '',
    );
  }
}
