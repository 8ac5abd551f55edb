import { inject, Injectable, signal } from '@angular/core';
import { finalize, map, Observable, tap } from 'rxjs';

// Not from the `../api` barrel: it would pull every SDK service into this chunk.
import { AdminService } from '../../../core/api/admin/admin.service';
import { UpdateAdminUserDto, UserDto } from '../../../core/api/model';
import { KeysetPages } from './keyset-pages';

const PAGE_SIZE = 30;

/** The admin console's people: search, server roles, deactivation. */
@Injectable({ providedIn: 'root' })
export class AdminPeopleStore {
  private readonly adminApi = inject(AdminService);

  private readonly _query = signal('');
  /** Ids of the people a change is being saved for: their actions wait. */
  private readonly _saving = signal<ReadonlySet<string>>(new Set());

  private readonly pages = new KeysetPages<UserDto>((cursor) =>
    this.adminApi.listAdminUsers({
      limit: PAGE_SIZE,
      ...(this._query() ? { query: this._query() } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );

  readonly query = this._query.asReadonly();
  readonly saving = this._saving.asReadonly();
  readonly people = this.pages.items;
  readonly loading = this.pages.loading;
  readonly loaded = this.pages.loaded;
  readonly error = this.pages.error;
  readonly hasMore = this.pages.hasMore;

  /** Everyone whose username or display name starts with `query` (everyone when empty). */
  search(query: string): void {
    this._query.set(query.trim());
    this.pages.reload();
  }

  reload(): void {
    this.pages.reload();
  }

  loadMore(): void {
    this.pages.loadMore();
  }

  /** Changes a role or deactivates / reactivates; the list shows the server's answer. */
  update(user: UserDto, change: UpdateAdminUserDto): Observable<UserDto> {
    this.setSaving(user.id, true);
    return this.adminApi.updateAdminUser(user.id, change).pipe(
      tap({
        next: (updated) => this.pages.replace((u) => u.id === updated.id, updated),
        finalize: () => this.setSaving(user.id, false),
      }),
    );
  }

  /** A single-use password reset link for someone (one hour), to hand over another way. */
  createResetLink(user: UserDto): Observable<string> {
    this.setSaving(user.id, true);
    return this.adminApi.createResetLink(user.id).pipe(
      map(({ url }) => url),
      finalize(() => this.setSaving(user.id, false)),
    );
  }

  private setSaving(id: string, saving: boolean): void {
    this._saving.update((ids) => {
      const next = new Set(ids);
      if (saving) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
