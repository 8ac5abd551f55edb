import { DatePipe } from '@angular/common';
import { Component, computed, inject, input } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';

import { ScheduledMessageDto } from '../../../../core/api/model';
import { describeSendError } from '../../data-access/chat-errors';
import { ScheduledStore } from '../data-access/scheduled.store';
import { openScheduleDialog } from '../schedule-dialog/schedule-dialog';

/**
 * The conversation's messages the person scheduled and that are still waiting, above the
 * composer: each with its time and text, to edit (text and time) or cancel. Nothing when none.
 */
@Component({
  selector: 'app-scheduled-strip',
  imports: [DatePipe, MatIcon, MatIconButton],
  template: `
    @if (items().length > 0) {
      <section class="strip" aria-label="Scheduled messages" data-testid="scheduled-strip">
        @for (item of items(); track item.id) {
          <div class="item" data-testid="scheduled-item">
            <mat-icon class="icon" svgIcon="schedule" aria-hidden="true"></mat-icon>
            <span class="when">{{ item.sendAt | date: 'EEE d MMM, HH:mm' }}</span>
            <span class="body">{{ item.body }}</span>
            @if (item.status === 'scheduled') {
              <button
                matIconButton
                type="button"
                [attr.aria-label]="'Edit scheduled message: ' + item.body"
                (click)="edit(item)"
                data-testid="scheduled-edit"
              >
                <mat-icon svgIcon="edit"></mat-icon>
              </button>
              <button
                matIconButton
                type="button"
                [attr.aria-label]="'Cancel scheduled message: ' + item.body"
                (click)="cancel(item)"
                data-testid="scheduled-cancel"
              >
                <mat-icon svgIcon="close"></mat-icon>
              </button>
            } @else {
              <span class="sending">Sending…</span>
            }
          </div>
        }
      </section>
    }
  `,
  styles: `
    .strip {
      display: flex;
      flex-direction: column;
      border-top: 1px solid var(--mat-sys-outline-variant);
      padding: 2px 8px;
      max-height: 144px;
      overflow-y: auto;
    }
    .item {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 40px;
      font: var(--mat-sys-body-medium);
    }
    .icon {
      color: var(--mat-sys-primary);
      flex: none;
    }
    .when {
      flex: none;
      color: var(--mat-sys-primary);
      font-weight: 500;
    }
    .body {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--mat-sys-on-surface-variant);
    }
    .sending {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ScheduledStrip {
  readonly conversationId = input.required<string>();

  private readonly store = inject(ScheduledStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly items = computed(() => this.store.forConversation(this.conversationId())());

  protected async edit(item: ScheduledMessageDto): Promise<void> {
    const choice = await openScheduleDialog(this.dialog, {
      title: 'Edit scheduled message',
      confirmLabel: 'Save',
      body: item.body,
      at: new Date(item.sendAt),
    });
    if (!choice) return;
    this.store.edit(item.id, { body: choice.body, sendAt: choice.at }).subscribe({
      error: (error: unknown) =>
        this.snackBar.open(`Couldn't change it. ${describeSendError(error)}`, 'Dismiss', {
          duration: 5000,
        }),
    });
  }

  protected cancel(item: ScheduledMessageDto): void {
    this.store.cancel(item.id).subscribe({
      next: () => this.snackBar.open('Scheduled message cancelled', undefined, { duration: 3000 }),
      error: (error: unknown) =>
        this.snackBar.open(`Couldn't cancel it. ${describeSendError(error)}`, 'Dismiss', {
          duration: 5000,
        }),
    });
  }
}
