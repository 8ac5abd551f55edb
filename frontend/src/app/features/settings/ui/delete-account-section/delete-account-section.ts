import { Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';

import { SecurityStore } from '../../data-access/security.store';
import { DeleteAccountDialog, DeleteAccountDialogData } from './delete-account-dialog';

/** The danger zone: deleting the account, confirmed in a dialog with the password (and code). */
@Component({
  selector: 'app-delete-account-section',
  imports: [MatButton],
  template: `
    <section class="section danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading" class="title">Delete account</h2>
      <p class="lead">
        Your profile is erased, your messages are removed (others see “Deleted user”), you leave
        every group and channel, and every device is signed out. This cannot be undone.
      </p>
      <div class="actions">
        <button
          matButton="outlined"
          type="button"
          class="danger-button"
          (click)="open()"
          data-testid="delete-account"
        >
          Delete my account…
        </button>
      </div>
    </section>
  `,
  styleUrls: ['../section.scss', './delete-account-section.scss'],
})
export class DeleteAccountSection {
  private readonly store = inject(SecurityStore);
  private readonly dialog = inject(MatDialog);

  protected open(): void {
    this.dialog.open<DeleteAccountDialog, DeleteAccountDialogData>(DeleteAccountDialog, {
      data: { twoFactor: this.store.twoFactorEnabled() },
      width: '440px',
      maxWidth: 'calc(100vw - 32px)',
      role: 'alertdialog',
      autoFocus: 'first-tabbable',
    });
  }
}
