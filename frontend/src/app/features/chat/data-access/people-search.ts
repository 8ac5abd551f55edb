import { computed, inject, Injectable, linkedSignal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import {
  catchError,
  debounceTime,
  distinctUntilChanged,
  map,
  merge,
  Observable,
  of,
  startWith,
  Subject,
  switchMap,
} from 'rxjs';

import { UsersService } from '../../../core/api';
import { UserDto } from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { describeLoadError } from './chat-errors';

const SEARCH_DEBOUNCE_MS = 250;
const RESULT_LIMIT = 20;

type SearchState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly people: readonly UserDto[] }
  | { readonly status: 'error'; readonly error: string };

const LOADING: SearchState = { status: 'loading' };

/** People to start a chat with, searched as the query is typed. Provided by the dialog. */
@Injectable()
export class PeopleSearch {
  private readonly users = inject(UsersService);
  private readonly session = inject(SessionStore);
  private readonly retries = new Subject<void>();

  /** A username or display name prefix; empty lists everyone. */
  readonly query = signal('');

  private readonly state = toSignal(
    merge(
      toObservable(this.query).pipe(
        map((query) => query.trim()),
        debounceTime(SEARCH_DEBOUNCE_MS),
        distinctUntilChanged(),
      ),
      this.retries.pipe(map(() => this.query().trim())),
    ).pipe(switchMap((query) => this.search(query))),
    { initialValue: LOADING },
  );

  readonly loading = computed(() => this.state().status === 'loading');
  readonly error = computed(() => {
    const state = this.state();
    return state.status === 'error' ? state.error : null;
  });
  /** The latest results, kept on screen while the next search runs. */
  readonly people = linkedSignal<SearchState, readonly UserDto[]>({
    source: this.state,
    computation: (state, previous) => {
      if (state.status === 'ready') return state.people;
      return state.status === 'loading' ? (previous?.value ?? []) : [];
    },
  }).asReadonly();

  retry(): void {
    this.retries.next();
  }

  private search(query: string): Observable<SearchState> {
    const myId = this.session.user()?.id;
    return this.users.searchUsers({ query, limit: RESULT_LIMIT }).pipe(
      map((page): SearchState => ({
        status: 'ready',
        people: page.items.filter((user) => user.id !== myId),
      })),
      catchError((error: unknown) =>
        of<SearchState>({ status: 'error', error: describeLoadError('people', error) }),
      ),
      startWith(LOADING),
    );
  }
}
