import { Component, inject, Injector, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogRef } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';

import { AttachmentDto } from '../../../../core/api/model';
import { AttachmentBlobs } from '../data-access/attachment-blobs';

/**
 * The full image over the page: Escape, the close button or a click anywhere but the buttons
 * closes it; Download saves the original. Lazy-loaded (see MessageAttachments).
 */
@Component({
  selector: 'app-lightbox',
  imports: [MatIconButton, MatIcon],
  template: `
    <button
      type="button"
      class="stage"
      aria-label="Close image"
      (click)="close()"
      data-testid="lightbox"
    >
      @if (src(); as url) {
        <img [src]="url" [alt]="image.name" data-testid="lightbox-image" />
      } @else if (failed()) {
        <p class="message">Couldn't load the image.</p>
      } @else {
        <mat-icon class="spin" svgIcon="progress_activity" aria-hidden="true"></mat-icon>
      }
    </button>
    <div class="bar">
      <span class="name">{{ image.name }}</span>
      <button
        matIconButton
        type="button"
        aria-label="Download"
        (click)="download()"
        data-testid="lightbox-download"
      >
        <mat-icon svgIcon="download"></mat-icon>
      </button>
      <button
        matIconButton
        type="button"
        aria-label="Close"
        (click)="close()"
        data-testid="lightbox-close"
      >
        <mat-icon svgIcon="close"></mat-icon>
      </button>
    </div>
  `,
  styles: `
    :host {
      position: relative;
      display: block;
      width: 100vw;
      height: 100dvh;
      background: rgb(0 0 0 / 88%);
      color: #fff;
    }
    .stage {
      display: grid;
      border: 0;
      background: none;
      color: inherit;
      cursor: zoom-out;
      place-items: center;
      width: 100%;
      height: 100%;
      padding: 56px 8px 8px;
      box-sizing: border-box;
    }
    img {
      max-width: calc(100vw - 16px);
      max-height: calc(100dvh - 64px);
      object-fit: contain;
    }
    .bar {
      position: absolute;
      inset: 0 0 auto;
      display: flex;
      align-items: center;
      gap: 4px;
      padding: 4px 8px 4px 16px;
      background: linear-gradient(rgb(0 0 0 / 60%), transparent);
    }
    .bar button {
      color: #fff;
    }
    .name {
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .spin {
      width: 40px;
      height: 40px;
      animation: spin 1s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
  `,
})
export class Lightbox {
  protected readonly image = inject<AttachmentDto>(MAT_DIALOG_DATA);
  protected readonly src = signal<string | null>(null);
  protected readonly failed = signal(false);
  private readonly ref = inject(MatDialogRef<Lightbox>);
  private readonly blobs = inject(AttachmentBlobs);

  constructor() {
    this.blobs.objectUrl(this.image.url).then(
      (url) => this.src.set(url),
      () => this.failed.set(true),
    );
  }

  protected close(): void {
    this.ref.close();
  }

  protected download(): void {
    void this.blobs.download(this.image.url, this.image.name).catch(() => undefined);
  }
}

export function openLightbox(injector: Injector, image: AttachmentDto): void {
  injector.get(MatDialog).open(Lightbox, {
    data: image,
    width: '100vw',
    height: '100dvh',
    maxWidth: '100vw',
    maxHeight: '100dvh',
    panelClass: 'app-lightbox-panel',
    ariaLabel: image.name,
    autoFocus: 'dialog',
  });
}
