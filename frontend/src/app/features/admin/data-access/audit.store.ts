import { inject, Injectable, signal } from '@angular/core';
import { map, Observable, tap } from 'rxjs';

// Not from the `../api` barrel: it would pull every SDK service into this chunk.
import { AdminService } from '../../../core/api/admin/admin.service';
import { UsersService } from '../../../core/api/users/users.service';
import { AuditAction, AuditEventDto, UserDto } from '../../../core/api/model';
import { KeysetPages } from './keyset-pages';

const PAGE_SIZE = 50;

export interface AuditFilter {
  readonly action: AuditAction | null;
  /** Only what this person did. */
  readonly actor: UserDto | null;
}

/** The audit log, newest first, filtered by action and by who acted, with the people named. */
@Injectable({ providedIn: 'root' })
export class AuditStore {
  private readonly adminApi = inject(AdminService);
  private readonly usersApi = inject(UsersService);

  private readonly _filter = signal<AuditFilter>({ action: null, actor: null });
  /** People the events name, by id; an id asked for but unknown maps to null. */
  private readonly _people = signal<ReadonlyMap<string, UserDto | null>>(new Map());

  private readonly pages = new KeysetPages<AuditEventDto>((cursor) => {
    const { action, actor } = this._filter();
    return this.adminApi
      .listAuditEvents({
        limit: PAGE_SIZE,
        ...(action ? { action } : {}),
        ...(actor ? { actorId: actor.id } : {}),
        ...(cursor ? { cursor } : {}),
      })
      .pipe(tap((page) => this.resolveActors(page.items)));
  });

  readonly filter = this._filter.asReadonly();
  readonly people = this._people.asReadonly();
  readonly events = this.pages.items;
  readonly loading = this.pages.loading;
  readonly loaded = this.pages.loaded;
  readonly error = this.pages.error;
  readonly hasMore = this.pages.hasMore;

  setFilter(filter: Partial<AuditFilter>): void {
    this._filter.update((current) => ({ ...current, ...filter }));
    if (filter.actor) this.remember(filter.actor);
    this.pages.reload();
  }

  reload(): void {
    this.pages.reload();
  }

  loadMore(): void {
    this.pages.loadMore();
  }

  /** People to filter by: everyone, deactivated included, whose name starts with `query`. */
  searchPeople(query: string): Observable<readonly UserDto[]> {
    return this.adminApi
      .listAdminUsers({ limit: 8, ...(query.trim() ? { query: query.trim() } : {}) })
      .pipe(map((page) => page.items));
  }

  /** Looks up the actors not yet known, once each; a failed lookup shows the event without a name. */
  private resolveActors(events: readonly AuditEventDto[]): void {
    const known = this._people();
    const unknown = new Set(
      events.map((e) => e.actorId).filter((id): id is string => id !== null && !known.has(id)),
    );
    for (const id of unknown) {
      this._people.update((people) => new Map(people).set(id, null));
      this.usersApi.getUser(id).subscribe({
        next: (user) => this.remember(user),
        error: () => undefined,
      });
    }
  }

  private remember(user: UserDto): void {
    this._people.update((people) => new Map(people).set(user.id, user));
  }
}
