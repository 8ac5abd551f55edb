import { inject, Injectable } from '@angular/core';
import { Observable, tap } from 'rxjs';

import { ConversationsService } from '../../../../core/api';
import { ChangeRoleDtoRole, ConversationSummaryDto } from '../../../../core/api/model';
import { ConversationsStore } from '../../data-access/conversations.store';

/**
 * Makes and changes groups through the API. Each answer (the caller's new summary) goes into the
 * conversations store at once; the other members hear of it by socket.
 */
@Injectable({ providedIn: 'root' })
export class GroupActions {
  private readonly api = inject(ConversationsService);
  private readonly conversations = inject(ConversationsStore);

  create(title: string, memberIds: readonly string[]): Observable<ConversationSummaryDto> {
    return this.api
      .createConversation({ type: 'group', title, memberIds: [...memberIds] })
      .pipe(tap((summary) => this.conversations.upsert(summary)));
  }

  rename(conversationId: string, title: string): Observable<ConversationSummaryDto> {
    return this.api
      .renameConversation(conversationId, { title })
      .pipe(tap((summary) => this.conversations.upsert(summary)));
  }

  addMembers(
    conversationId: string,
    userIds: readonly string[],
  ): Observable<ConversationSummaryDto> {
    return this.api
      .addMembers(conversationId, { userIds: [...userIds] })
      .pipe(tap((summary) => this.conversations.upsert(summary)));
  }

  setRole(
    conversationId: string,
    userId: string,
    role: ChangeRoleDtoRole,
  ): Observable<ConversationSummaryDto> {
    return this.api
      .changeMemberRole(conversationId, userId, { role })
      .pipe(tap((summary) => this.conversations.upsert(summary)));
  }

  /** Archived: readable, closed to new messages; unarchiving opens it again. */
  setArchived(conversationId: string, archived: boolean): Observable<ConversationSummaryDto> {
    const request = archived
      ? this.api.archiveConversation(conversationId)
      : this.api.unarchiveConversation(conversationId);
    return request.pipe(tap((summary) => this.conversations.upsert(summary)));
  }

  /** Removes someone else; the answer has no summary, so the store drops the member itself. */
  removeMember(conversationId: string, userId: string): Observable<void> {
    return this.api
      .removeMember(conversationId, userId)
      .pipe(tap(() => this.conversations.dropMembers(conversationId, [userId])));
  }
}
