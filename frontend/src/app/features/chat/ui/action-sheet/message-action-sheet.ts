import { Component, inject } from '@angular/core';
import {
  MAT_BOTTOM_SHEET_DATA,
  MatBottomSheet,
  MatBottomSheetRef,
} from '@angular/material/bottom-sheet';
import { MatIcon } from '@angular/material/icon';
import {
  MatActionList,
  MatListItem,
  MatListItemIcon,
  MatListItemTitle,
} from '@angular/material/list';
import { Observable } from 'rxjs';

import { IconName } from '../../../../core/icons/icon-names';
import { QuickReactions } from '../../reactions/quick-reactions/quick-reactions';

/** What can be done to a message from its sheet. */
export type SheetAction =
  | 'reply'
  | 'thread'
  | 'edit'
  | 'copy'
  | 'delete'
  | 'react'
  | 'whoReacted'
  | 'markUnread'
  | 'pin'
  | 'unpin'
  | 'save'
  | 'unsave'
  | 'forward'
  | 'remind';
/** An action, or an emoji from the quick-reaction bar. */
export type SheetChoice = SheetAction | { readonly emoji: string };

export interface MessageActionSheetData {
  /** Whose message, for the sheet's heading: "Alice Liddell" or "You". */
  readonly sender: string;
  /** The start of its text. */
  readonly excerpt: string;
  /** The actions allowed on it, in this order. */
  readonly actions: readonly SheetAction[];
  /** Offer the quick-reaction bar; these are the emoji the user already reacted with. */
  readonly reactions?: readonly string[];
}

const ACTIONS: Record<SheetAction, { label: string; icon: IconName }> = {
  reply: { label: 'Reply', icon: 'reply' },
  thread: { label: 'Reply in thread', icon: 'forum' },
  edit: { label: 'Edit', icon: 'edit' },
  copy: { label: 'Copy text', icon: 'content_copy' },
  delete: { label: 'Delete', icon: 'delete' },
  react: { label: 'React', icon: 'add_reaction' },
  whoReacted: { label: 'Who reacted', icon: 'mood' },
  markUnread: { label: 'Mark as unread', icon: 'mark_chat_unread' },
  pin: { label: 'Pin', icon: 'keep' },
  unpin: { label: 'Unpin', icon: 'keep_off' },
  save: { label: 'Save', icon: 'bookmark' },
  unsave: { label: 'Remove from saved', icon: 'bookmark_remove' },
  forward: { label: 'Forward…', icon: 'forward' },
  remind: { label: 'Remind me…', icon: 'notifications' },
};

/** A message's actions on a phone: a sheet from the bottom, opened by a long press. */
@Component({
  selector: 'app-message-action-sheet',
  imports: [MatActionList, MatListItem, MatListItemIcon, MatListItemTitle, MatIcon, QuickReactions],
  template: `
    <div class="message" data-testid="action-sheet-message">
      <span class="sender">{{ data.sender }}</span>
      <span class="excerpt">{{ data.excerpt }}</span>
    </div>
    @if (data.reactions) {
      <app-quick-reactions [mine]="data.reactions" (picked)="ref.dismiss({ emoji: $event })" />
    }
    <mat-action-list aria-label="Message actions">
      @for (action of data.actions; track action) {
        <button
          mat-list-item
          type="button"
          [class.danger]="action === 'delete'"
          (click)="choose(action)"
          [attr.data-testid]="'sheet-' + action"
        >
          <mat-icon matListItemIcon [svgIcon]="actions[action].icon" aria-hidden="true" />
          <span matListItemTitle>{{ actions[action].label }}</span>
        </button>
      }
    </mat-action-list>
  `,
  styleUrl: './message-action-sheet.scss',
  host: { 'data-testid': 'action-sheet' },
})
export class MessageActionSheet {
  protected readonly data = inject<MessageActionSheetData>(MAT_BOTTOM_SHEET_DATA);
  protected readonly actions = ACTIONS;
  protected readonly ref =
    inject<MatBottomSheetRef<MessageActionSheet, SheetChoice>>(MatBottomSheetRef);

  protected choose(action: SheetAction): void {
    this.ref.dismiss(action);
  }
}

/** Opens the sheet; emits the action chosen, or nothing when it is dismissed. */
export function openMessageActionSheet(
  sheets: MatBottomSheet,
  data: MessageActionSheetData,
): Observable<SheetChoice | undefined> {
  return sheets
    .open<MessageActionSheet, MessageActionSheetData, SheetChoice>(MessageActionSheet, {
      data,
      ariaLabel: `Actions for the message from ${data.sender}`,
      // Opened by a finger: no focus ring on the first action, the sheet itself is focused.
      autoFocus: 'dialog',
    })
    .afterDismissed();
}
