import { Clipboard } from '@angular/cdk/clipboard';
import { Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';

export interface ResetLinkDialogData {
  readonly displayName: string;
  readonly url: string;
}

/** Shows a reset link once, to copy and hand over (the server keeps only its hash). */
@Component({
  selector: 'app-reset-link-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  template: `
    <h2 mat-dialog-title>Reset link for {{ data.displayName }}</h2>
    <mat-dialog-content>
      <p>
        Send this link to {{ data.displayName }} another way (not through this chat if they cannot
        sign in). It works once, for one hour, and signs them out everywhere when used.
      </p>
      <input
        #link
        class="url"
        readonly
        aria-label="Reset link"
        [value]="data.url"
        (focus)="link.select()"
        data-testid="reset-link-url"
      />
      <p class="copied" role="status">{{ copied() ? 'Copied.' : '' }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Close</button>
      <button matButton="filled" type="button" (click)="copy()" data-testid="copy-reset-link">
        Copy link
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .url {
      box-sizing: border-box;
      width: 100%;
      padding: 8px 12px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 4px;
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-body-medium);
    }
    .copied {
      min-height: 1.5em;
      margin: 8px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ResetLinkDialog {
  protected readonly data = inject<ResetLinkDialogData>(MAT_DIALOG_DATA);
  private readonly clipboard = inject(Clipboard);
  protected readonly copied = signal(false);

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.data.url));
  }
}
