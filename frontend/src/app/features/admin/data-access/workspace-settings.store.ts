import { inject, Injectable, signal } from '@angular/core';
import { Observable, Subscription, tap } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';
// Not from the `../api` barrel: it would pull every SDK service into this chunk.
import { AdminService } from '../../../core/api/admin/admin.service';
import { UpdateWorkspaceSettingsDto, WorkspaceSettingsDto } from '../../../core/api/model';

/** The workspace's settings as the server has them, and saving changes to them. */
@Injectable({ providedIn: 'root' })
export class WorkspaceSettingsStore {
  private readonly adminApi = inject(AdminService);

  private readonly _settings = signal<WorkspaceSettingsDto | null>(null);
  private readonly _error = signal<string | null>(null);
  private request: Subscription | null = null;

  readonly settings = this._settings.asReadonly();
  readonly error = this._error.asReadonly();

  load(): void {
    // A retry supersedes a request still in flight, so a late answer cannot win.
    this.request?.unsubscribe();
    this._error.set(null);
    this.request = this.adminApi.getSettings().subscribe({
      next: (settings) => {
        this._settings.set(settings);
      },
      error: (error: unknown) => {
        this._error.set(describeApiProblem(readApiProblem(error)));
      },
    });
  }

  /** Sends only the fields given; the server's answer becomes the settings shown. */
  save(change: UpdateWorkspaceSettingsDto): Observable<WorkspaceSettingsDto> {
    return this.adminApi.updateSettings(change).pipe(tap((saved) => this._settings.set(saved)));
  }
}
