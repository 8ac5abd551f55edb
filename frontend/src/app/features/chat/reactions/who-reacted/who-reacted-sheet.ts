import { Component, inject } from '@angular/core';
import { MAT_BOTTOM_SHEET_DATA, MatBottomSheet } from '@angular/material/bottom-sheet';
import { MatList, MatListItem, MatListItemLine, MatListItemTitle } from '@angular/material/list';

export interface WhoReactedEntry {
  readonly emoji: string;
  readonly names: readonly string[];
}

/** Who reacted with what, on a phone: a sheet from the bottom, one line per emoji. */
@Component({
  selector: 'app-who-reacted-sheet',
  imports: [MatList, MatListItem, MatListItemTitle, MatListItemLine],
  template: `
    <h2 class="title">Reactions</h2>
    <mat-list>
      @for (entry of entries; track entry.emoji) {
        <mat-list-item [attr.data-emoji]="entry.emoji" data-testid="who-reacted-entry">
          <span matListItemTitle
            ><span class="emoji" aria-hidden="true">{{ entry.emoji }}</span>
            {{ entry.names.length }}</span
          >
          <span matListItemLine>{{ entry.names.join(', ') }}</span>
        </mat-list-item>
      }
    </mat-list>
  `,
  styles: `
    .title {
      margin: 8px 16px 0;
      font: var(--mat-sys-title-medium);
    }
    .emoji {
      font-size: 20px;
      margin-right: 4px;
    }
  `,
  host: { 'data-testid': 'who-reacted' },
})
export class WhoReactedSheet {
  protected readonly entries = inject<readonly WhoReactedEntry[]>(MAT_BOTTOM_SHEET_DATA);
}

export function openWhoReacted(sheets: MatBottomSheet, entries: readonly WhoReactedEntry[]): void {
  sheets.open(WhoReactedSheet, { data: entries, ariaLabel: 'Who reacted' });
}
