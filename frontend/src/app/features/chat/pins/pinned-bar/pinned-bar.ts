import { Component, computed, inject, input, output, signal } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

import { MessageDto } from '../../../../core/api/model';
import { excerptOf } from '../../data-access/conversation-view';
import { PinsStore } from '../data-access/pins.store';

/**
 * Under the conversation's header while something is pinned: how many, and the latest pin.
 * Clicked, it lists every pin (newest first); choosing one jumps to it.
 */
@Component({
  selector: 'app-pinned-bar',
  imports: [MatIcon],
  templateUrl: './pinned-bar.html',
  styleUrl: './pinned-bar.scss',
  host: { '(keydown.escape)': 'expanded.set(false)' },
})
export class PinnedBar {
  readonly conversationId = input.required<string>();
  /** A pinned message was chosen. */
  readonly jump = output<MessageDto>();

  private readonly pins = inject(PinsStore);
  protected readonly expanded = signal(false);
  protected readonly items = computed(() =>
    this.pins.of(this.conversationId()).items.map((pin) => ({
      pin,
      sender: pin.message.sender.displayName,
      excerpt: pin.message.deletedAt
        ? 'This message was deleted'
        : excerptOf({ body: pin.message.body, system: false }) || 'Attachment',
    })),
  );
  protected readonly label = computed(() => {
    const count = this.items().length;
    return count === 1 ? '1 pinned message' : `${count} pinned messages`;
  });

  protected choose(message: MessageDto): void {
    this.expanded.set(false);
    this.jump.emit(message);
  }
}
