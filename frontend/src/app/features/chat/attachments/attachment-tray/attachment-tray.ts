import { Component, computed, inject, input } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

import { AttachmentUploads, PendingUpload } from '../data-access/attachment-uploads';
import { formatSize } from '../data-access/attachment-files';

/** The files chosen for the next message: progress, cancel or remove, and why one failed. */
@Component({
  selector: 'app-attachment-tray',
  imports: [MatIconButton, MatIcon],
  template: `
    @for (upload of uploads(); track upload.localId) {
      <div
        class="item"
        [class.failed]="upload.state === 'failed'"
        data-testid="upload-item"
        [attr.data-state]="upload.state"
      >
        <mat-icon class="kind" aria-hidden="true" [svgIcon]="iconOf(upload)"></mat-icon>
        <div class="text">
          <span class="name">{{ upload.name }}</span>
          @if (upload.state === 'failed') {
            <span class="error" role="alert" data-testid="upload-error">{{ upload.error }}</span>
          } @else if (upload.state === 'uploading') {
            <span
              class="bar"
              role="progressbar"
              aria-label="Uploading"
              [attr.aria-valuenow]="percent(upload.progress)"
              aria-valuemin="0"
              aria-valuemax="100"
              ><span class="fill" [style.width.%]="percent(upload.progress)"></span
            ></span>
          } @else {
            <span class="size">{{ size(upload.size) }}</span>
          }
        </div>
        <button
          matIconButton
          type="button"
          class="remove"
          [attr.aria-label]="
            (upload.state === 'uploading' ? 'Cancel upload of ' : 'Remove ') + upload.name
          "
          (click)="uploadsService.remove(upload.localId)"
          data-testid="upload-remove"
        >
          <mat-icon svgIcon="close"></mat-icon>
        </button>
      </div>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      padding: 0 8px 6px;
    }
    :host:empty {
      display: none;
    }
    .item {
      display: flex;
      align-items: center;
      gap: 6px;
      max-width: min(100%, 260px);
      padding: 2px 2px 2px 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
    }
    .item.failed {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .kind {
      flex: none;
      width: 20px;
      height: 20px;
    }
    .text {
      display: flex;
      flex-direction: column;
      min-width: 0;
      flex: 1;
      font-size: 13px;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .size,
    .error {
      font-size: 12px;
      opacity: 0.85;
    }
    .bar {
      display: block;
      height: 4px;
      margin-top: 4px;
      border-radius: 2px;
      background: var(--mat-sys-outline-variant);
      overflow: hidden;
    }
    .fill {
      display: block;
      height: 100%;
      background: var(--mat-sys-primary);
      transition: width 120ms linear;
    }
    .remove {
      flex: none;
    }
  `,
})
export class AttachmentTray {
  readonly conversationId = input.required<string>();

  protected readonly uploadsService = inject(AttachmentUploads);
  protected readonly uploads = computed(() =>
    this.uploadsService.forConversation(this.conversationId()),
  );

  protected iconOf(upload: PendingUpload): string {
    return upload.type.startsWith('image/') ? 'image' : 'draft';
  }

  protected percent(progress: number): number {
    return Math.round(progress * 100);
  }

  protected size(bytes: number): string {
    return formatSize(bytes);
  }
}
