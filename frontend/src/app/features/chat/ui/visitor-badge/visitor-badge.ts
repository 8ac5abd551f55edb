import { Component } from '@angular/core';

import { ConversationSummaryDto, UserDto } from '../../../../core/api/model';

/**
 * "VISITOR", beside a shop visitor's name (a guest who came through a widget), in the chat view.
 * Kept out of the conversation list: that list is part of the first visit (P8).
 */
@Component({
  selector: 'app-visitor-badge',
  template: `VISITOR`,
  styles: `
    :host {
      display: inline-flex;
      flex: none;
      align-items: center;
      height: 16px;
      padding: 0 5px;
      border-radius: 4px;
      background-color: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-small);
      font-size: 10px;
      font-weight: 700;
      letter-spacing: 0.06em;
      line-height: 16px;
      vertical-align: middle;
    }
  `,
  host: { 'data-testid': 'visitor-badge', title: 'A visitor from a shop’s chat widget' },
})
export class VisitorBadge {}

export function isVisitor(user: Pick<UserDto, 'serverRole'>): boolean {
  return user.serverRole === 'guest';
}

/** The shop visitor in a conversation, if one is a member. */
export function conversationVisitor(conversation: ConversationSummaryDto): UserDto | null {
  return conversation.members.find((member) => isVisitor(member.user))?.user ?? null;
}
