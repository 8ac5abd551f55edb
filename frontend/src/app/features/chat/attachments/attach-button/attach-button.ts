import { Component, inject, input } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

import { AttachmentUploads } from '../data-access/attachment-uploads';

/** The composer's paper clip: picks files, which start uploading at once. */
@Component({
  selector: 'app-attach-button',
  imports: [MatIconButton, MatIcon],
  template: `
    <button
      matIconButton
      type="button"
      aria-label="Attach files"
      (click)="fileInput.click()"
      data-testid="attach-button"
    >
      <mat-icon svgIcon="attach_file"></mat-icon>
    </button>
    <input
      #fileInput
      type="file"
      multiple
      hidden
      (change)="picked(fileInput)"
      data-testid="attach-input"
    />
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
})
export class AttachButton {
  readonly conversationId = input.required<string>();
  private readonly uploads = inject(AttachmentUploads);

  protected picked(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])];
    // The same file can be chosen again later.
    input.value = '';
    if (files.length) void this.uploads.add(this.conversationId(), files);
  }
}
