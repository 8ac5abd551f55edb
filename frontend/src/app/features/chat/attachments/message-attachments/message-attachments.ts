import {
  Component,
  computed,
  effect,
  inject,
  Injector,
  input,
  output,
  signal,
} from '@angular/core';
import { MatIcon } from '@angular/material/icon';

import { AttachmentDto } from '../../../../core/api/model';
import { AttachmentBlobs } from '../data-access/attachment-blobs';
import { displayBox, formatSize } from '../data-access/attachment-files';

/** One inline image: its box reserved from its size, a placeholder while it is processed. */
@Component({
  selector: 'app-attachment-image',
  imports: [MatIcon],
  template: `
    @let a = attachment();
    <button
      type="button"
      class="image"
      [style.width.px]="box().width"
      [style.height.px]="box().height"
      [attr.aria-label]="'Open image ' + a.name"
      [attr.data-status]="a.status"
      (click)="open.emit()"
      data-testid="attachment-image"
    >
      @if (src(); as url) {
        <img [src]="url" [alt]="a.name" [width]="box().width" [height]="box().height" />
      } @else if (a.status === 'failed') {
        <mat-icon svgIcon="broken_image" aria-hidden="true"></mat-icon>
      } @else {
        <mat-icon class="spin" svgIcon="progress_activity" aria-hidden="true"></mat-icon>
      }
    </button>
  `,
  styles: `
    .image {
      display: grid;
      place-items: center;
      max-width: 100%;
      padding: 0;
      border: 0;
      border-radius: 8px;
      overflow: hidden;
      cursor: zoom-in;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .spin {
      animation: spin 1s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spin {
        animation: none;
      }
    }
  `,
})
export class AttachmentImage {
  readonly attachment = input.required<AttachmentDto>();
  readonly open = output();
  protected readonly box = computed(() => displayBox(this.attachment()));
  protected readonly src = signal<string | null>(null);

  constructor() {
    const blobs = inject(AttachmentBlobs);
    effect(() => {
      const path = this.attachment().thumbnailUrl;
      this.src.set(null);
      if (!path) return;
      blobs.objectUrl(path).then(
        (url) => {
          if (this.attachment().thumbnailUrl === path) this.src.set(url);
        },
        () => undefined,
      );
    });
  }
}

/** A message's files: images inline (open in the lightbox), other files as download chips. */
@Component({
  selector: 'app-message-attachments',
  imports: [MatIcon, AttachmentImage],
  template: `
    @if (images().length) {
      <div class="images">
        @for (image of images(); track image.id) {
          <app-attachment-image [attachment]="image" (open)="openLightbox(image)" />
        }
      </div>
    }
    @for (file of files(); track file.id) {
      <button
        type="button"
        class="file"
        [attr.aria-label]="'Download ' + file.name + ', ' + size(file.size)"
        (click)="download(file)"
        data-testid="attachment-file"
      >
        <mat-icon class="file-icon" svgIcon="draft" aria-hidden="true"></mat-icon>
        <span class="file-text">
          <span class="file-name">{{ file.name }}</span>
          <span class="file-size">{{ size(file.size) }}</span>
        </span>
        <mat-icon class="file-download" svgIcon="download" aria-hidden="true"></mat-icon>
      </button>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      /* A line of its own in the bubble, under the text. */
      flex-basis: 100%;
      gap: 6px;
      margin: 4px 0;
      max-width: 100%;
    }
    .images {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .file {
      display: flex;
      align-items: center;
      gap: 8px;
      max-width: 100%;
      padding: 8px 10px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 10px;
      background: var(--mat-sys-surface-container-low);
      color: inherit;
      font: inherit;
      text-align: start;
      cursor: pointer;
    }
    .file-icon,
    .file-download {
      flex: none;
      width: 22px;
      height: 22px;
    }
    .file-text {
      display: flex;
      flex-direction: column;
      min-width: 0;
      flex: 1;
    }
    .file-name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .file-size {
      font-size: 12px;
      opacity: 0.75;
    }
  `,
})
export class MessageAttachments {
  readonly attachments = input.required<readonly AttachmentDto[]>();

  protected readonly images = computed(() => this.attachments().filter((a) => a.kind === 'image'));
  protected readonly files = computed(() => this.attachments().filter((a) => a.kind === 'file'));

  private readonly blobs = inject(AttachmentBlobs);
  private readonly injector = inject(Injector);

  protected size(bytes: number): string {
    return formatSize(bytes);
  }

  protected download(file: AttachmentDto): void {
    void this.blobs.download(file.url, file.name).catch(() => undefined);
  }

  /** The lightbox is its own chunk: loaded on the first click, never with the chat. */
  protected async openLightbox(image: AttachmentDto): Promise<void> {
    const { openLightbox } = await import('../lightbox/lightbox');
    openLightbox(this.injector, image);
  }
}
