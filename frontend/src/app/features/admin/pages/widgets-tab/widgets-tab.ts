import { Clipboard } from '@angular/cdk/clipboard';
import { Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { filter, switchMap } from 'rxjs';

import { WidgetDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { confirmAction } from '../../../../shared/ui/confirm-dialog/confirm-dialog';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { snippetWithContext } from '../../data-access/widget-origins';
import { AdminWidgetsStore } from '../../data-access/widgets.store';
import { WidgetEditor } from './widget-editor';

/** What the tab shows above the list: nothing, the new-widget form, or one widget's form. */
type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; widget: WidgetDto };

/** Shop widgets: list, create, edit, delete, and the snippet a shop pastes into its pages. */
@Component({
  selector: 'app-widgets-tab',
  imports: [MatButton, MatIconButton, MatIcon, MatProgressBar, ErrorState, WidgetEditor],
  templateUrl: './widgets-tab.html',
  styleUrls: ['../admin-tab.scss', './widgets-tab.scss'],
})
export class WidgetsTab implements OnInit {
  protected readonly store = inject(AdminWidgetsStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly editing = signal<Editing>({ kind: 'none' });
  /** The widget whose snippet is open: the one just made, or the one asked for. */
  protected readonly snippetOf = signal<string | null>(null);
  protected readonly snippetWithContext = snippetWithContext;

  ngOnInit(): void {
    this.store.load();
  }

  protected saved(widget: WidgetDto, wasNew: boolean): void {
    this.editing.set({ kind: 'none' });
    if (wasNew) this.snippetOf.set(widget.id);
    this.snackBar.open(wasNew ? 'Widget created' : 'Widget saved', undefined, { duration: 3000 });
  }

  protected toggleSnippet(widget: WidgetDto): void {
    this.snippetOf.update((id) => (id === widget.id ? null : widget.id));
  }

  protected copy(text: string): void {
    const copied = this.clipboard.copy(text);
    this.snackBar.open(copied ? 'Snippet copied' : 'Copy the snippet by hand', undefined, {
      duration: 3000,
    });
  }

  protected remove(widget: WidgetDto): void {
    confirmAction(this.dialog, {
      title: `Delete ${widget.name}?`,
      message:
        'Shops with its snippet stop showing the chat at once. Its visitors’ conversations stay until they expire.',
      confirm: 'Delete',
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.remove(widget)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => this.snackBar.open('Widget deleted', undefined, { duration: 3000 }),
        error: (error: unknown) =>
          this.snackBar.open(describeApiProblem(readApiProblem(error)), 'Dismiss', {
            duration: 8000,
          }),
      });
  }

  protected botName(username: string): string {
    return this.store.bots().find((bot) => bot.username === username)?.displayName ?? username;
  }
}
