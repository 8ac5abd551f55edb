import { Component, computed, inject, Injector, signal, viewChildren } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
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
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { concatMap, finalize, map, type Observable, of } from 'rxjs';

import { SessionStore } from '../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';
import { focusFirstInvalid, showFieldErrors } from '../../../shared/forms/form-errors';
import { httpUrl, notBlank } from '../../../shared/forms/validators';
import { Avatar, AvatarUser } from '../../../shared/ui/avatar/avatar';
import { FormError } from '../../../shared/ui/form-error/form-error';

/**
 * Edits the signed-in user's display name and avatar, previewing the avatar as it is typed or
 * chosen. Nothing is stored before Save: a chosen photo is uploaded then, or dropped on Cancel.
 */
@Component({
  selector: 'app-profile-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatInput,
    MatHint,
    MatError,
    MatButton,
    MatProgressBar,
    MatIcon,
    Avatar,
    FormError,
  ],
  templateUrl: './profile-dialog.html',
  styleUrl: './profile-dialog.scss',
})
export class ProfileDialog {
  private readonly session = inject(SessionStore);
  private readonly dialogRef = inject<MatDialogRef<ProfileDialog>>(MatDialogRef);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly user = this.session.user;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    displayName: [
      this.user()?.displayName ?? '',
      [Validators.required, notBlank, Validators.maxLength(64)],
    ],
    // An uploaded photo has a server path, not a link to edit: the field starts empty then.
    avatarUrl: [
      uploaded(this.user()?.avatarUrl) ? '' : (this.user()?.avatarUrl ?? ''),
      [httpUrl, Validators.maxLength(2048)],
    ],
  });
  protected readonly pending = signal(false);
  /** A photo chosen but not saved yet, with a data URL to preview it (the CSP allows data:). */
  protected readonly photo = signal<{ file: File; preview: string } | null>(null);
  protected readonly formError = signal<string | null>(null);
  private readonly inputs = viewChildren(MatInput);

  private readonly values = toSignal(
    this.form.valueChanges.pipe(map(() => this.form.getRawValue())),
    {
      initialValue: this.form.getRawValue(),
    },
  );
  protected readonly preview = computed<AvatarUser>(() => {
    const { displayName, avatarUrl } = this.values();
    const photo = this.photo();
    return {
      id: this.user()?.id ?? '',
      displayName,
      // A chosen photo first; only a URL the server would accept is worth loading; else an
      // uploaded photo, if any.
      avatarUrl: photo
        ? photo.preview
        : avatarUrl && this.form.controls.avatarUrl.valid
          ? avatarUrl
          : this.keepsUpload()
            ? (this.user()?.avatarUrl ?? null)
            : null,
    };
  });

  /** Previews a chosen photo; Save uploads it (PUT /users/me/avatar). */
  protected choosePhoto(input: HTMLInputElement): void {
    const file = input.files?.[0];
    input.value = '';
    if (!file || this.pending()) return;
    this.formError.set(null);
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result !== 'string') return;
      this.photo.set({ file, preview: reader.result });
      // The photo replaces a link typed before it.
      this.form.controls.avatarUrl.reset('');
    };
    reader.readAsDataURL(file);
  }

  /** The field is empty and untouched while the avatar is an uploaded photo: saving keeps it. */
  private keepsUpload(): boolean {
    const field = this.form.controls.avatarUrl;
    return (
      (this.photo() !== null || uploaded(this.user()?.avatarUrl)) && !field.value && !field.dirty
    );
  }

  protected save(): void {
    if (this.pending()) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.inputs());
      return;
    }
    const { displayName, avatarUrl } = this.form.getRawValue();
    this.pending.set(true);
    const photo = this.photo();
    const upload: Observable<unknown> = photo ? this.session.uploadAvatar(photo.file) : of(null);
    // Not cancelled when the dialog closes: a save the server made must reach the store.
    upload
      .pipe(
        concatMap(() =>
          this.session.updateProfile({
            displayName: displayName.trim(),
            ...(!this.keepsUpload() && { avatarUrl: avatarUrl.trim() || null }),
          }),
        ),
        finalize(() => this.pending.set(false)),
      )
      .subscribe({
        next: () => {
          this.snackBar.open('Profile saved', undefined, { duration: 3000 });
          this.dialogRef.close();
        },
        error: (error: unknown) => this.showError(error),
      });
  }

  private showError(error: unknown): void {
    const problem = readApiProblem(error);
    this.formError.set(
      problem.status === 413
        ? PHOTO_TOO_LARGE
        : problem.status === 400
          ? showFieldErrors(this.form.controls, LABELS, problem.messages)
          : describeApiProblem(problem),
    );
    focusFirstInvalid(this.inputs());
  }
}

const LABELS = { displayName: 'Display name', avatarUrl: 'Avatar URL' };
const PHOTO_TOO_LARGE = 'That photo is too large: the limit is 5 MB.';

/** A photo uploaded with "Upload photo" (served by the API), rather than a link. */
function uploaded(avatarUrl: string | null | undefined): boolean {
  return !!avatarUrl?.startsWith('/api/v1/avatars/');
}

/** Opens the dialog; the caller lazy-loads this module, so the dialog code stays off startup. */
export function openProfileDialog(injector: Injector): MatDialogRef<ProfileDialog> {
  return injector.get(MatDialog).open(ProfileDialog, {
    width: '480px',
    maxWidth: 'calc(100vw - 32px)',
  });
}
