import { inject, Injectable, signal } from '@angular/core';
import { forkJoin, Observable, Subscription, tap } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';
// Not from the `../api` barrel: it would pull every SDK service into this chunk.
import { BotsService } from '../../../core/api/bots/bots.service';
import { WidgetsService } from '../../../core/api/widgets/widgets.service';
import { BotDto, CreateWidgetDto, UpdateWidgetDto, WidgetDto } from '../../../core/api/model';

/** The shop widgets and the bots that may answer on them. */
@Injectable({ providedIn: 'root' })
export class AdminWidgetsStore {
  private readonly widgetsApi = inject(WidgetsService);
  private readonly botsApi = inject(BotsService);

  private readonly _widgets = signal<readonly WidgetDto[]>([]);
  private readonly _bots = signal<readonly BotDto[]>([]);
  private readonly _loading = signal(false);
  private readonly _loaded = signal(false);
  private readonly _error = signal<string | null>(null);
  private readonly _deleting = signal<ReadonlySet<string>>(new Set());
  private request: Subscription | null = null;

  readonly widgets = this._widgets.asReadonly();
  readonly bots = this._bots.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly loaded = this._loaded.asReadonly();
  readonly error = this._error.asReadonly();
  readonly deleting = this._deleting.asReadonly();

  load(): void {
    // A retry supersedes a request still in flight, so a late answer cannot win.
    this.request?.unsubscribe();
    this._loading.set(true);
    this._error.set(null);
    this.request = forkJoin([this.widgetsApi.listWidgets(), this.botsApi.listBots()]).subscribe({
      next: ([widgets, bots]) => {
        this._widgets.set(widgets);
        this._bots.set(bots);
        this._loaded.set(true);
        this._loading.set(false);
      },
      error: (error: unknown) => {
        this._error.set(describeApiProblem(readApiProblem(error)));
        this._loading.set(false);
      },
    });
  }

  create(body: CreateWidgetDto): Observable<WidgetDto> {
    return this.widgetsApi
      .createWidget(body)
      .pipe(tap((widget) => this._widgets.update((widgets) => [...widgets, widget])));
  }

  update(id: string, change: UpdateWidgetDto): Observable<WidgetDto> {
    return this.widgetsApi
      .updateWidget(id, change)
      .pipe(
        tap((widget) =>
          this._widgets.update((widgets) => widgets.map((w) => (w.id === id ? widget : w))),
        ),
      );
  }

  remove(widget: WidgetDto): Observable<void> {
    this._deleting.update((ids) => new Set(ids).add(widget.id));
    return this.widgetsApi.deleteWidget(widget.id).pipe(
      tap({
        next: () => this._widgets.update((widgets) => widgets.filter((w) => w.id !== widget.id)),
        finalize: () =>
          this._deleting.update((ids) => {
            const next = new Set(ids);
            next.delete(widget.id);
            return next;
          }),
      }),
    );
  }
}
