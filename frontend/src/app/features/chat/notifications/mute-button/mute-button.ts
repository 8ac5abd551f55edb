import { LiveAnnouncer } from '@angular/cdk/a11y';
import { Component, computed, inject, input, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

import { ConversationSummaryDto } from '../../../../core/api/model';
import { ConversationMute } from '../conversation-mute';

/** Mutes or unmutes a conversation (a toggle button: pressed while muted). */
@Component({
  selector: 'app-mute-button',
  imports: [MatIconButton, MatIcon],
  template: `
    <button
      matIconButton
      type="button"
      [attr.aria-label]="label()"
      [attr.aria-pressed]="muted()"
      [title]="label()"
      [disabled]="busy()"
      (click)="toggle($event)"
      data-testid="mute-button"
    >
      <mat-icon [svgIcon]="muted() ? 'notifications_off' : 'notifications'"></mat-icon>
    </button>
  `,
})
export class MuteButton {
  readonly conversation = input.required<ConversationSummaryDto>();

  private readonly mute = inject(ConversationMute);
  private readonly announcer = inject(LiveAnnouncer);
  protected readonly busy = signal(false);
  protected readonly muted = computed(() => this.conversation().muted);
  protected readonly label = computed(() =>
    this.muted() ? 'Unmute conversation' : 'Mute conversation',
  );

  protected toggle(event: Event): void {
    // In a conversation's row the button sits over its link: the click is the button's only.
    event.preventDefault();
    event.stopPropagation();
    this.busy.set(true);
    this.mute.setMuted(this.conversation().id, !this.muted()).subscribe({
      next: () => this.busy.set(false),
      // The button keeps showing the state the server has; say why nothing changed.
      error: () => {
        this.busy.set(false);
        void this.announcer.announce('Could not change notifications for this conversation');
      },
    });
  }
}
