import { Component, DestroyRef, effect, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { finalize } from 'rxjs';

import {
  RegistrationMode,
  UpdateWorkspaceSettingsDto,
  WorkspaceSettingsDto,
} from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { WorkspaceSettingsStore } from '../../data-access/workspace-settings.store';

const MAX_RETENTION_DAYS = 36_500;

const REGISTRATION_CHOICES: readonly {
  value: RegistrationMode;
  label: string;
  hint: string;
}[] = [
  { value: 'open', label: 'Open', hint: 'Anyone who can reach this server may create an account.' },
  { value: 'invite', label: 'Invite only', hint: 'New accounts need an invite link.' },
  { value: 'closed', label: 'Closed', hint: 'Nobody may create an account, even with an invite.' },
];

/** The workspace's name and rules: who may join, who may invite, how long messages stay. */
@Component({
  selector: 'app-settings-tab',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatRadioGroup,
    MatRadioButton,
    MatSlideToggle,
    MatButton,
    MatProgressBar,
    ErrorState,
    FormError,
  ],
  templateUrl: './settings-tab.html',
  styleUrls: ['../admin-tab.scss', './settings-tab.scss'],
})
export class SettingsTab implements OnInit {
  protected readonly store = inject(WorkspaceSettingsStore);
  private readonly snackBar = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly registrationChoices = REGISTRATION_CHOICES;
  protected readonly maxRetentionDays = MAX_RETENTION_DAYS;
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    workspaceName: ['', [Validators.required, Validators.maxLength(64)]],
    registrationMode: this.fb.control<RegistrationMode>('open'),
    membersCanInvite: false,
    membersCanCreateChannels: true,
    requireTwoFactorForAdmins: false,
    keepForever: true,
    // Text rather than a number input: Angular's number accessor would join the chat's chunks.
    retentionDays: [
      '365',
      [
        Validators.required,
        Validators.pattern(/^[0-9]+$/),
        Validators.min(1),
        Validators.max(MAX_RETENTION_DAYS),
      ],
    ],
  });
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);

  constructor() {
    // The form starts from, and after a save returns to, what the server has.
    effect(() => {
      const settings = this.store.settings();
      if (settings) this.reset(settings);
    });
    this.form.controls.keepForever.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe((keep) => this.toggleRetention(keep));
  }

  ngOnInit(): void {
    this.store.load();
  }

  protected save(): void {
    const settings = this.store.settings();
    if (this.saving() || settings === null) return;
    this.saveError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const change = changedFields(settings, this.form.getRawValue());
    if (Object.keys(change).length === 0) {
      this.form.markAsPristine();
      return;
    }
    this.saving.set(true);
    this.store
      .save(change)
      .pipe(
        finalize(() => this.saving.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => this.snackBar.open('Settings saved', undefined, { duration: 3000 }),
        error: (error: unknown) => this.saveError.set(describeApiProblem(readApiProblem(error))),
      });
  }

  protected discard(): void {
    const settings = this.store.settings();
    if (settings) this.reset(settings);
  }

  private reset(settings: WorkspaceSettingsDto): void {
    this.form.reset({
      workspaceName: settings.workspaceName,
      registrationMode: settings.registrationMode,
      membersCanInvite: settings.membersCanInvite,
      membersCanCreateChannels: settings.membersCanCreateChannels,
      requireTwoFactorForAdmins: settings.requireTwoFactorForAdmins,
      keepForever: settings.retentionDays === null,
      retentionDays: String(settings.retentionDays ?? 365),
    });
    this.toggleRetention(settings.retentionDays === null);
  }

  private toggleRetention(keepForever: boolean): void {
    const days = this.form.controls.retentionDays;
    if (keepForever) days.disable({ emitEvent: false });
    else days.enable({ emitEvent: false });
  }
}

type SettingsForm = SettingsTab['form'] extends { getRawValue(): infer V } ? V : never;

/** Only what differs from the server's settings, as the PATCH expects. */
export function changedFields(
  settings: WorkspaceSettingsDto,
  value: SettingsForm,
): UpdateWorkspaceSettingsDto {
  const next: WorkspaceSettingsDto = {
    workspaceName: value.workspaceName.trim(),
    registrationMode: value.registrationMode,
    membersCanInvite: value.membersCanInvite,
    membersCanCreateChannels: value.membersCanCreateChannels,
    requireTwoFactorForAdmins: value.requireTwoFactorForAdmins,
    retentionDays: value.keepForever ? null : Number(value.retentionDays),
  };
  return Object.fromEntries(
    (Object.keys(next) as (keyof WorkspaceSettingsDto)[])
      .filter((key) => next[key] !== settings[key])
      .map((key) => [key, next[key]]),
  );
}
