import { inject, Injectable, signal } from '@angular/core';
import { Observable, Subscription, tap } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';
// Not from the `../api` barrel: it would pull every SDK service into this chunk.
import { InvitesService } from '../../../core/api/invites/invites.service';
import { CreateInviteDto, InviteDto, InviteSummaryDto } from '../../../core/api/model';

/** The open invites and the links made in this visit (the token is shown only once). */
@Injectable({ providedIn: 'root' })
export class AdminInvitesStore {
  private readonly invitesApi = inject(InvitesService);

  private readonly _invites = signal<readonly InviteSummaryDto[]>([]);
  private readonly _loading = signal(false);
  private readonly _loaded = signal(false);
  private readonly _error = signal<string | null>(null);
  /** The newest invite made here, with its link: the server never shows that link again. */
  private readonly _created = signal<InviteDto | null>(null);
  private readonly _revoking = signal<ReadonlySet<string>>(new Set());
  private request: Subscription | null = null;

  readonly invites = this._invites.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly loaded = this._loaded.asReadonly();
  readonly error = this._error.asReadonly();
  readonly created = this._created.asReadonly();
  readonly revoking = this._revoking.asReadonly();

  load(): void {
    // A retry supersedes a request still in flight, so a late answer cannot win.
    this.request?.unsubscribe();
    this._loading.set(true);
    this._error.set(null);
    this.request = this.invitesApi.listInvites().subscribe({
      next: (invites) => {
        this._invites.set(invites);
        this._loaded.set(true);
        this._loading.set(false);
      },
      error: (error: unknown) => {
        this._error.set(describeApiProblem(readApiProblem(error)));
        this._loading.set(false);
      },
    });
  }

  create(body: CreateInviteDto): Observable<InviteDto> {
    return this.invitesApi.createInvite(body).pipe(
      tap((invite) => {
        this._created.set(invite);
        // The list as the server keeps it (its order, who made each).
        this.load();
      }),
    );
  }

  revoke(invite: InviteSummaryDto): Observable<void> {
    this._revoking.update((ids) => new Set(ids).add(invite.id));
    return this.invitesApi.revokeInvite(invite.id).pipe(
      tap({
        next: () => {
          this._invites.update((invites) => invites.filter((i) => i.id !== invite.id));
          if (this._created()?.id === invite.id) this._created.set(null);
        },
        finalize: () =>
          this._revoking.update((ids) => {
            const next = new Set(ids);
            next.delete(invite.id);
            return next;
          }),
      }),
    );
  }

  /** Hides the new link once it has been copied away or dismissed. */
  dismissCreated(): void {
    this._created.set(null);
  }
}
