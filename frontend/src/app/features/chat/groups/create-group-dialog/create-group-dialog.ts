import { Component, computed, inject, signal, viewChild } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import {
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { finalize } from 'rxjs';

import { UserDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { notBlank } from '../../../../shared/forms/validators';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { GroupActions } from '../data-access/group-actions';
import { MAX_GROUP_MEMBERS, MAX_TITLE_LENGTH } from '../data-access/group-roles';
import { MemberPicker } from '../member-picker/member-picker';

/** Names a new group and picks its members; makes it and closes with its id. */
@Component({
  selector: 'app-create-group-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatButton,
    MatProgressSpinner,
    FormError,
    MemberPicker,
  ],
  templateUrl: './create-group-dialog.html',
  styleUrl: './create-group-dialog.scss',
})
export class CreateGroupDialog {
  private readonly groups = inject(GroupActions);
  private readonly dialogRef = inject<MatDialogRef<CreateGroupDialog, string>>(MatDialogRef);
  private readonly titleInput = viewChild.required(MatInput);

  protected readonly maxTitle = MAX_TITLE_LENGTH;
  protected readonly title = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, notBlank, Validators.maxLength(MAX_TITLE_LENGTH)],
  });
  protected readonly members = signal<readonly UserDto[]>([]);
  /** The user tried to create it: from then on, the members' problem shows. */
  protected readonly submitted = signal(false);
  protected readonly pending = signal(false);
  protected readonly formError = signal<string | null>(null);

  /** The user counts as a member too. */
  protected readonly membersError = computed(() => {
    const count = this.members().length;
    if (count === 0) return 'Add at least one person.';
    if (count + 1 > MAX_GROUP_MEMBERS) {
      return `A group has at most ${MAX_GROUP_MEMBERS} members, you included: take out ${count + 1 - MAX_GROUP_MEMBERS}.`;
    }
    return null;
  });

  protected create(): void {
    if (this.pending()) return;
    this.submitted.set(true);
    this.formError.set(null);
    if (this.title.invalid) {
      this.title.markAsTouched();
      this.titleInput().focus();
      return;
    }
    if (this.membersError() !== null) return;
    this.pending.set(true);
    this.title.disable();
    // Not cancelled when the dialog closes: a group the server made must reach the store.
    this.groups
      .create(
        this.title.value.trim(),
        this.members().map((user) => user.id),
      )
      .pipe(
        finalize(() => {
          this.pending.set(false);
          this.title.enable();
        }),
      )
      .subscribe({
        next: (conversation) => this.dialogRef.close(conversation.id),
        error: (error: unknown) => this.formError.set(describeApiProblem(readApiProblem(error))),
      });
  }
}

export function openCreateGroupDialog(dialog: MatDialog): MatDialogRef<CreateGroupDialog, string> {
  return dialog.open<CreateGroupDialog, void, string>(CreateGroupDialog, {
    width: '520px',
    maxWidth: 'calc(100vw - 32px)',
    ariaLabelledBy: 'create-group-title',
  });
}
