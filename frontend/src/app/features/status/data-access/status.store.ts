import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Subscription } from 'rxjs';

import { HealthService } from '../../../core/api';
import { HealthCheckResponseDto } from '../../../core/api/model';

/** Liveness of the API, as reported by `GET /health`. */
@Injectable({ providedIn: 'root' })
export class StatusStore {
  private readonly healthService = inject(HealthService);

  private readonly _loading = signal(false);
  private readonly _result = signal<HealthCheckResponseDto | null>(null);
  private readonly _error = signal<string | null>(null);
  private request: Subscription | null = null;

  readonly loading = this._loading.asReadonly();
  readonly result = this._result.asReadonly();
  readonly error = this._error.asReadonly();
  readonly status = computed(() => this._result()?.status ?? null);

  load(): void {
    // A retry supersedes a request that is still in flight, so a late answer cannot win.
    this.request?.unsubscribe();
    this._loading.set(true);
    this._error.set(null);
    this.request = this.healthService.health().subscribe({
      next: (result) => {
        this._result.set(result);
        this._loading.set(false);
      },
      error: (error: unknown) => {
        this._result.set(null);
        this._error.set(describeError(error));
        this._loading.set(false);
      },
    });
  }
}

function describeError(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    // Status 0 means no HTTP answer at all: network down, server stopped, CORS or proxy failure.
    return error.status === 0
      ? 'The API cannot be reached.'
      : `The API answered with HTTP ${error.status}.`;
  }
  return 'The API status could not be read.';
}
