import { Component, ViewEncapsulation, DestroyRef, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { finalize } from 'rxjs';

import { ChannelDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { notBlank } from '../../../../shared/forms/validators';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { ChannelsStore, MAX_CHANNEL_TITLE, MAX_CHANNEL_TOPIC } from '../data-access/channels.store';

export interface ChannelBrowserData {
  readonly fullscreen: boolean;
}

/** Typing pauses this long before the search goes out. */
const SEARCH_DELAY_MS = 250;

/**
 * The workspace's channels: search them, see what each is about and how many are in it, join,
 * or create one. Closes with the id of the channel to open.
 */
@Component({
  selector: 'app-channel-browser',
  imports: [
    ReactiveFormsModule,
    MatDialogTitle,
    MatButton,
    MatIconButton,
    MatIcon,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatProgressSpinner,
    ErrorState,
    FormError,
  ],
  templateUrl: './channel-browser.html',
  styleUrl: './channel-browser.scss',
  encapsulation: ViewEncapsulation.None,
})
export class ChannelBrowser {
  protected readonly store = inject(ChannelsStore);
  protected readonly data = inject<ChannelBrowserData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<ChannelBrowser, string>>(MatDialogRef);
  private searchTimer: ReturnType<typeof setTimeout> | null = null;

  protected readonly maxTitle = MAX_CHANNEL_TITLE;
  protected readonly maxTopic = MAX_CHANNEL_TOPIC;
  protected readonly creating = signal(false);
  protected readonly pending = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly joinError = signal<string | null>(null);
  protected readonly title = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, notBlank, Validators.maxLength(MAX_CHANNEL_TITLE)],
  });
  protected readonly topic = new FormControl('', {
    nonNullable: true,
    validators: [Validators.maxLength(MAX_CHANNEL_TOPIC)],
  });

  constructor() {
    this.store.search('');
    inject(DestroyRef).onDestroy(() => this.clearTimer());
  }

  protected onQuery(query: string): void {
    this.clearTimer();
    this.searchTimer = setTimeout(() => this.store.search(query), SEARCH_DELAY_MS);
  }

  protected close(): void {
    this.dialogRef.close();
  }

  /** A joined channel opens; another is joined first. */
  protected open(channel: ChannelDto): void {
    if (channel.joined) {
      this.dialogRef.close(channel.id);
      return;
    }
    if (this.store.joining().has(channel.id)) return;
    this.joinError.set(null);
    this.store.join(channel.id).subscribe({
      next: (summary) => this.dialogRef.close(summary.id),
      error: (error: unknown) =>
        this.joinError.set(
          `Couldn't join #${channel.title}. ${describeApiProblem(readApiProblem(error))}`,
        ),
    });
  }

  protected startCreating(): void {
    this.formError.set(null);
    this.creating.set(true);
  }

  protected cancelCreating(): void {
    this.creating.set(false);
    this.title.reset();
    this.topic.reset();
  }

  protected create(): void {
    if (this.pending()) return;
    this.formError.set(null);
    if (this.title.invalid || this.topic.invalid) {
      this.title.markAsTouched();
      this.topic.markAsTouched();
      return;
    }
    this.pending.set(true);
    this.store
      .create(this.title.value.trim(), this.topic.value.trim())
      .pipe(finalize(() => this.pending.set(false)))
      .subscribe({
        next: (summary) => this.dialogRef.close(summary.id),
        error: (error: unknown) => {
          const problem = readApiProblem(error);
          this.formError.set(
            problem.status === 403
              ? 'Only admins can create channels in this workspace.'
              : `Couldn't create the channel. ${describeApiProblem(problem)}`,
          );
        },
      });
  }

  protected membersText(count: number): string {
    return count === 1 ? '1 member' : `${count} members`;
  }

  private clearTimer(): void {
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    this.searchTimer = null;
  }
}

/** A panel, or the whole screen on a phone. */
export function openChannelBrowser(
  dialog: MatDialog,
  fullscreen: boolean,
): MatDialogRef<ChannelBrowser, string> {
  const data: ChannelBrowserData = { fullscreen };
  return dialog.open<ChannelBrowser, ChannelBrowserData, string>(ChannelBrowser, {
    data,
    ariaLabel: 'Channels',
    autoFocus: '.channels-search',
    panelClass: fullscreen ? ['channels-panel', 'channels-panel-fullscreen'] : 'channels-panel',
    ...(fullscreen
      ? { width: '100vw', maxWidth: '100vw', height: '100%', maxHeight: '100%' }
      : { width: '600px', maxWidth: 'calc(100vw - 32px)', position: { top: '10vh' } }),
  });
}
