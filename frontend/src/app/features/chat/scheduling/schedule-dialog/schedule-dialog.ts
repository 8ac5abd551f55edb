import { Component, computed, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';

import { schedulePresets, toLocalInput } from '../schedule-presets';

export interface ScheduleDialogData {
  readonly title: string;
  /** The button that confirms a custom time ("Schedule", "Remind me", "Save"). */
  readonly confirmLabel: string;
  /** The text, editable in the dialog (editing a scheduled message); absent: not shown. */
  readonly body?: string;
  /** The time chosen so far (editing); else a custom time starts an hour from now. */
  readonly at?: Date;
}

export interface ScheduleChoice {
  readonly at: Date;
  readonly body?: string;
}

const YEAR_MS = 365 * 86_400_000;

/**
 * A time picker for later: one click on a preset (in 20 minutes, 1 hour, 3 hours, tomorrow at
 * 9:00), or a date and time of one's own. Used to schedule a message, edit one, and for "Remind
 * me". Answers the choice, or nothing when dismissed.
 */
@Component({
  selector: 'app-schedule-dialog',
  imports: [
    DatePipe,
    MatButton,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatInput,
  ],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content class="content">
      @if (data.body !== undefined) {
        <mat-form-field class="full" subscriptSizing="dynamic">
          <mat-label>Message</mat-label>
          <textarea
            matInput
            rows="3"
            #bodyInput
            [value]="body()"
            (input)="body.set(bodyInput.value)"
            data-testid="schedule-body"
          ></textarea>
        </mat-form-field>
      } @else {
        <div class="presets" role="group" aria-label="Quick choices">
          @for (preset of presets; track preset.label) {
            <button
              matButton="outlined"
              type="button"
              (click)="choose(preset.at)"
              data-testid="schedule-preset"
            >
              {{ preset.label }}
              <span class="when">{{ preset.at | date: 'EEE HH:mm' }}</span>
            </button>
          }
        </div>
      }
      <mat-form-field class="full" subscriptSizing="dynamic">
        <mat-label>{{ data.body !== undefined ? 'Send at' : 'Or pick a date and time' }}</mat-label>
        <input
          matInput
          type="datetime-local"
          [min]="min"
          #customInput
          [value]="custom()"
          (input)="custom.set(customInput.value)"
          data-testid="schedule-custom"
        />
      </mat-form-field>
      @if (problem(); as message) {
        <p class="problem" role="alert">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Cancel</button>
      <button
        matButton="filled"
        type="button"
        [disabled]="problem() !== null"
        (click)="choose(customDate()!)"
        data-testid="schedule-confirm"
      >
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .content {
      display: flex;
      flex-direction: column;
      gap: 12px;
      min-width: min(360px, 80vw);
    }
    .presets {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 8px;
    }
    /* A phone: one choice per line, so a label and its time never wrap apart. */
    @media (max-width: 479.98px) {
      .presets {
        grid-template-columns: 1fr;
      }
    }
    .when {
      margin-inline-start: 6px;
      opacity: 0.7;
    }
    .full {
      width: 100%;
    }
    .problem {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class ScheduleDialog {
  protected readonly data = inject<ScheduleDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ScheduleDialog, ScheduleChoice>>(MatDialogRef);
  protected readonly presets = schedulePresets(new Date());
  protected readonly min = toLocalInput(new Date());
  protected readonly body = signal(this.data.body ?? '');
  protected readonly custom = signal(
    toLocalInput(this.data.at ?? new Date(Date.now() + 3_600_000)),
  );
  protected readonly customDate = computed(() => {
    const at = new Date(this.custom());
    return Number.isNaN(at.getTime()) ? null : at;
  });
  protected readonly problem = computed(() => {
    const at = this.customDate();
    if (!at) return 'Pick a date and time.';
    if (at.getTime() <= Date.now()) return 'Pick a time in the future.';
    if (at.getTime() - Date.now() > YEAR_MS) return 'Pick a time within a year.';
    if (this.data.body !== undefined && this.body().trim().length === 0) return 'Write a message.';
    return null;
  });

  protected choose(at: Date): void {
    this.ref.close(this.data.body !== undefined ? { at, body: this.body().trim() } : { at });
  }
}

export function openScheduleDialog(
  dialog: MatDialog,
  data: ScheduleDialogData,
): Promise<ScheduleChoice | undefined> {
  const ref = dialog.open<ScheduleDialog, ScheduleDialogData, ScheduleChoice>(ScheduleDialog, {
    data,
    ariaLabel: data.title,
    autoFocus: 'first-tabbable',
  });
  return new Promise((resolve) => ref.afterClosed().subscribe((choice) => resolve(choice)));
}
