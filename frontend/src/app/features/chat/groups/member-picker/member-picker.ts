import { Component, computed, effect, inject, input, model, untracked } from '@angular/core';
import {
  MatChipAvatar,
  MatChipGrid,
  MatChipInput,
  MatChipRemove,
  MatChipRow,
} from '@angular/material/chips';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';

import { UserDto } from '../../../../core/api/model';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { PeopleSearch } from '../../data-access/people-search';
import { PresenceStore } from '../../data-access/presence.store';
import { BotBadge } from '../../ui/bot-badge/bot-badge';
import { OnlineAvatar } from '../../ui/online-avatar/online-avatar';

/**
 * Picks people for a group: a search field whose results toggle a person in or out, and the
 * people picked as chips (Backspace in the empty field, or a chip's ✕, takes one out again).
 */
@Component({
  selector: 'app-member-picker',
  imports: [
    MatFormField,
    MatLabel,
    MatChipGrid,
    MatChipAvatar,
    MatChipRow,
    MatChipRemove,
    MatChipInput,
    MatIcon,
    MatProgressBar,
    Avatar,
    OnlineAvatar,
    BotBadge,
    ErrorState,
  ],
  providers: [PeopleSearch],
  templateUrl: './member-picker.html',
  styleUrl: './member-picker.scss',
})
export class MemberPicker {
  readonly selected = model<readonly UserDto[]>([]);
  /** People already in the group: listed, but not to be picked again. */
  readonly memberIds = input<ReadonlySet<string>>(new Set());
  readonly disabled = input(false);
  /** Marks the field invalid (no one picked, too many). */
  readonly invalid = input(false);

  protected readonly search = inject(PeopleSearch);
  protected readonly presence = inject(PresenceStore);

  protected readonly selectedIds = computed(() => new Set(this.selected().map((user) => user.id)));
  protected readonly query = computed(() => this.search.query().trim());

  constructor() {
    effect(() => {
      const ids = this.search.people().map((user) => user.id);
      untracked(() => this.presence.track(ids));
    });
  }

  protected toggle(user: UserDto): void {
    if (this.disabled() || this.memberIds().has(user.id)) return;
    if (this.selectedIds().has(user.id)) this.remove(user);
    else this.selected.update((users) => [...users, user]);
  }

  /** Enter picks the first person found (and starts a new search); with no query, it submits. */
  protected pickFirst(event: Event): void {
    if (!this.query()) return;
    event.preventDefault();
    const first = this.search
      .people()
      .find((user) => !this.memberIds().has(user.id) && !this.selectedIds().has(user.id));
    if (!first) return;
    this.selected.update((users) => [...users, first]);
    this.search.query.set('');
  }

  protected remove(user: UserDto): void {
    this.selected.update((users) => users.filter((u) => u.id !== user.id));
  }
}
