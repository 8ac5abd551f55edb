import { Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  MatAutocomplete,
  MatAutocompleteSelectedEvent,
  MatAutocompleteTrigger,
} from '@angular/material/autocomplete';
import { MatOption } from '@angular/material/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { catchError, debounceTime, of, Subject, switchMap } from 'rxjs';

import { AuditAction, UserDto } from '../../../../core/api/model';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { AUDIT_ACTION_LABELS, describeAuditEvent } from '../../data-access/audit-text';
import { AuditStore } from '../../data-access/audit.store';
import { formatTime } from '../../ui/admin-time';

/** Wait this long after the last keystroke before looking people up. */
const SEARCH_DEBOUNCE_MS = 250;

/** Who did what, newest first: filter by kind of action and by person, page with "load more". */
@Component({
  selector: 'app-audit-tab',
  imports: [
    MatFormField,
    MatLabel,
    MatSuffix,
    MatInput,
    MatOption,
    MatAutocomplete,
    MatAutocompleteTrigger,
    MatButton,
    MatIconButton,
    MatIcon,
    MatProgressBar,
    ErrorState,
  ],
  templateUrl: './audit-tab.html',
  styleUrls: ['../admin-tab.scss', './audit-tab.scss'],
})
export class AuditTab implements OnInit {
  protected readonly store = inject(AuditStore);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly actions = Object.entries(AUDIT_ACTION_LABELS) as [AuditAction, string][];
  protected readonly lines = computed(() => {
    const people = this.store.people();
    return this.store.events().map((event) => ({ event, text: describeAuditEvent(event, people) }));
  });
  protected readonly suggestions = signal<readonly UserDto[]>([]);
  private readonly personQuery = new Subject<string>();

  constructor() {
    this.personQuery
      .pipe(
        debounceTime(SEARCH_DEBOUNCE_MS),
        switchMap((query) => this.store.searchPeople(query).pipe(catchError(() => of([])))),
        takeUntilDestroyed(),
      )
      .subscribe((people) => this.suggestions.set(people));
  }

  ngOnInit(): void {
    this.store.reload();
  }

  protected readonly formatTime = formatTime;

  /** From the native select: '' is "All actions". */
  protected setAction(value: string): void {
    const action = this.actions.find(([name]) => name === value)?.[0] ?? null;
    this.store.setFilter({ action });
  }

  protected suggest(query: string): void {
    this.personQuery.next(query);
  }

  protected searchPerson(query: string): void {
    this.personQuery.next(query);
    // Typing over the chosen person drops that filter until another is chosen.
    if (this.store.filter().actor !== null) this.store.setFilter({ actor: null });
  }

  protected choosePerson(event: MatAutocompleteSelectedEvent): void {
    this.store.setFilter({ actor: event.option.value as UserDto });
  }

  protected clearPerson(input: HTMLInputElement): void {
    input.value = '';
    this.store.setFilter({ actor: null });
  }

  protected readonly personName = (user: UserDto | null): string => user?.displayName ?? '';
}
