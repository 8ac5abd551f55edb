import { LiveAnnouncer } from '@angular/cdk/a11y';
import { Component, computed, inject, input, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';

import { ConversationSummaryDto } from '../../../../core/api/model';
import { Clock } from '../../data-access/clock';
import { clockTime } from '../../ui/chat-time';
import { ConversationMute, MUTE_DURATIONS, mutedNow } from '../conversation-mute';

/**
 * Mutes a conversation for a while or until turned back on (a menu of durations), or unmutes
 * it (one click, while muted). A timed mute shows as ended once its time is up.
 */
@Component({
  selector: 'app-mute-button',
  imports: [MatIconButton, MatIcon, MatMenu, MatMenuItem, MatMenuTrigger],
  template: `
    @if (muted()) {
      <button
        matIconButton
        type="button"
        [attr.aria-label]="label()"
        aria-pressed="true"
        [title]="label()"
        [disabled]="busy()"
        (click)="unmute($event)"
        data-testid="mute-button"
      >
        <mat-icon svgIcon="notifications_off"></mat-icon>
      </button>
    } @else {
      <button
        matIconButton
        type="button"
        aria-label="Mute conversation"
        aria-pressed="false"
        title="Mute conversation"
        [disabled]="busy()"
        [matMenuTriggerFor]="durations"
        (click)="$event.preventDefault(); $event.stopPropagation()"
        data-testid="mute-button"
      >
        <mat-icon svgIcon="notifications"></mat-icon>
      </button>
      <mat-menu #durations="matMenu" xPosition="before">
        @for (duration of durations_; track duration.label) {
          <button
            mat-menu-item
            type="button"
            (click)="mute(duration.minutes)"
            [attr.data-minutes]="duration.minutes"
            data-testid="mute-duration"
          >
            {{ duration.label }}
          </button>
        }
      </mat-menu>
    }
  `,
})
export class MuteButton {
  readonly conversation = input.required<ConversationSummaryDto>();

  private readonly conversationMute = inject(ConversationMute);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly clock = inject(Clock);
  protected readonly busy = signal(false);
  protected readonly durations_ = MUTE_DURATIONS;
  protected readonly muted = computed(() => mutedNow(this.conversation(), this.clock.now()));
  protected readonly label = computed(() => {
    const until = this.conversation().mutedUntil;
    return until ? `Muted until ${clockTime(until)}. Unmute` : 'Unmute conversation';
  });

  protected mute(minutes: number | null): void {
    this.change(true, minutes);
  }

  protected unmute(event: Event): void {
    // In a conversation's row the button sits over its link: the click is the button's only.
    event.preventDefault();
    event.stopPropagation();
    this.change(false, null);
  }

  private change(muted: boolean, minutes: number | null): void {
    this.busy.set(true);
    this.conversationMute.setMuted(this.conversation().id, muted, minutes).subscribe({
      next: () => this.busy.set(false),
      // The button keeps showing the state the server has; say why nothing changed.
      error: () => {
        this.busy.set(false);
        void this.announcer.announce('Could not change notifications for this conversation');
      },
    });
  }
}
