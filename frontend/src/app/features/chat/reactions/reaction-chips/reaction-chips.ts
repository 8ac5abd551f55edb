import { Component, computed, inject, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';

import { MessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { ConversationsStore } from '../../data-access/conversations.store';
import { Reactions } from '../data-access/reactions';
import { joinNames, reactionLabel, reactorNames } from '../data-access/reaction-set';

/**
 * The reactions under a message: one chip per emoji with its count, highlighted where the user
 * reacted; a click toggles theirs, hovering names who reacted, and "+" opens the emoji picker.
 */
@Component({
  selector: 'app-reaction-chips',
  imports: [MatIcon, MatTooltip],
  template: `
    @for (chip of chips(); track chip.emoji) {
      <button
        type="button"
        class="chip"
        [class.mine]="chip.mine"
        [attr.aria-pressed]="chip.mine"
        [attr.aria-label]="chip.label"
        [matTooltip]="chip.names"
        (click)="reactions.toggle(message(), chip.emoji)"
        data-testid="reaction-chip"
        [attr.data-emoji]="chip.emoji"
      >
        <span class="emoji" aria-hidden="true">{{ chip.emoji }}</span>
        <span class="count" aria-hidden="true">{{ chip.count }}</span>
      </button>
    }
    <button
      #add
      type="button"
      class="chip add"
      aria-label="Add a reaction"
      matTooltip="Add a reaction"
      (click)="reactions.pick(message(), add)"
      data-testid="add-reaction"
    >
      <mat-icon svgIcon="add_reaction" aria-hidden="true"></mat-icon>
    </button>
  `,
  styleUrl: './reaction-chips.scss',
  host: {
    role: 'group',
    'aria-label': 'Reactions',
    'data-testid': 'reactions',
  },
})
export class ReactionChips {
  readonly message = input.required<MessageDto>();

  protected readonly reactions = inject(Reactions);
  private readonly session = inject(SessionStore);
  private readonly conversations = inject(ConversationsStore);

  protected readonly chips = computed(() => {
    const myId = this.session.user()?.id ?? '';
    const nameOf = (id: string) => this.conversations.knownUser(id)?.displayName;
    return this.message().reactions.map((reaction) => ({
      emoji: reaction.emoji,
      count: reaction.count,
      mine: reaction.userIds.includes(myId),
      label: reactionLabel(reaction, myId),
      names: joinNames(reactorNames(reaction, myId, nameOf)),
    }));
  });
}
