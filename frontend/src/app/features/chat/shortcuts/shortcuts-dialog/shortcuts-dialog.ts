import { Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';

import { SHORTCUTS } from '../keyboard-shortcuts';

/** The keyboard shortcuts, listed (opened with `?` or Ctrl+/; loaded on first use). */
@Component({
  selector: 'app-shortcuts-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  template: `
    <h2 mat-dialog-title>Keyboard shortcuts</h2>
    <mat-dialog-content>
      <dl class="list" data-testid="shortcut-list">
        @for (shortcut of shortcuts; track $index) {
          <div class="row" data-testid="shortcut">
            <dt>
              @for (combo of shortcut.keys; track $index) {
                @if (!$first) {
                  <span class="or">or</span>
                }
                @for (key of combo; track $index) {
                  @if (!$first) {
                    <span class="plus" aria-hidden="true">+</span>
                  }
                  <kbd>{{ key }}</kbd>
                }
              }
            </dt>
            <dd>{{ shortcut.does }}</dd>
          </div>
        }
      </dl>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton mat-dialog-close type="button">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    // One grid for all rows, so the keys line up in a column as wide as the widest.
    .list {
      display: grid;
      grid-template-columns: max-content 1fr;
      margin: 0;
    }
    .row {
      display: contents;
    }
    dt,
    dd {
      display: flex;
      align-items: center;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    dt {
      flex-wrap: wrap;
      gap: 4px;
      padding-inline-end: 16px;
    }
    dd {
      margin: 0;
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-body-medium);
    }
    kbd {
      min-width: 1.2em;
      padding: 2px 6px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-bottom-width: 2px;
      border-radius: 6px;
      background-color: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-label-large);
      text-align: center;
    }
    .or,
    .plus {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-medium);
    }
  `,
})
export class ShortcutsDialog {
  protected readonly shortcuts = SHORTCUTS;
}

export function openShortcutsDialog(dialog: MatDialog): MatDialogRef<ShortcutsDialog> {
  return dialog.open(ShortcutsDialog, {
    ariaLabel: 'Keyboard shortcuts',
    width: '560px',
    maxWidth: 'calc(100vw - 32px)',
  });
}
