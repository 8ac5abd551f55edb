import { Directive, inject, input, signal } from '@angular/core';

import { AttachmentUploads } from '../data-access/attachment-uploads';

/** Files dropped on, or pasted into, the element start uploading for the conversation. */
@Directive({
  selector: '[appFileDrop]',
  host: {
    '(dragover)': 'onDragOver($event)',
    '(dragleave)': 'dragging.set(false)',
    '(drop)': 'onDrop($event)',
    '(paste)': 'onPaste($event)',
    '[class.file-drop-active]': 'dragging()',
  },
})
export class FileDrop {
  readonly appFileDrop = input.required<string>();
  protected readonly dragging = signal(false);
  private readonly uploads = inject(AttachmentUploads);

  protected onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging.set(true);
  }

  protected onDrop(event: DragEvent): void {
    this.dragging.set(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    void this.uploads.add(this.appFileDrop(), files);
  }

  /** A pasted screenshot or file; pasted text goes into the box as usual. */
  protected onPaste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    void this.uploads.add(this.appFileDrop(), files);
  }
}
