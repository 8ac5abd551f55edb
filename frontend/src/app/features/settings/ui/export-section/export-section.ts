import { Component, computed, DestroyRef, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { finalize } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { SecurityStore } from '../../data-access/security.store';

/** How often the page asks how far a running export is. */
const POLL_MS = 1_500;

/** "Export your data": start the archive, watch it being built, download it while it lasts. */
@Component({
  selector: 'app-export-section',
  imports: [MatButton, MatAnchor, MatIcon, MatProgressBar, FormError],
  templateUrl: './export-section.html',
  styleUrls: ['../section.scss', './export-section.scss'],
})
export class ExportSection {
  protected readonly store = inject(SecurityStore);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly state = computed(() => this.store.dataExport());
  protected readonly expires = computed(() => {
    const at = this.state()?.expiresAt;
    return at ? formatter.format(new Date(at)) : '';
  });
  protected readonly size = computed(() => formatSize(this.state()?.size ?? 0));

  constructor() {
    // While it runs, ask again after a pause; each answer (a new object) schedules the next.
    effect((onCleanup) => {
      if (this.state()?.status !== 'running') return;
      const timer = setTimeout(() => this.refresh(), POLL_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  protected start(): void {
    if (this.pending()) return;
    this.error.set(null);
    this.pending.set(true);
    this.store
      .startDataExport()
      .pipe(
        finalize(() => this.pending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({ error: (error: unknown) => this.fail(error) });
  }

  protected refresh(): void {
    this.error.set(null);
    this.store
      .refreshDataExport()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ error: (error: unknown) => this.fail(error) });
  }

  private fail(error: unknown): void {
    this.error.set(describeApiProblem(readApiProblem(error)));
  }
}

// Intl rather than Angular's DatePipe: that pipe's code and locale data would join the first visit.
const formatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
