import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Subscription } from 'rxjs';

import { BotsService } from '../../../core/api';
import { BotDto } from '../../../core/api/model';
import { describeLoadError } from './chat-errors';
import { LoadStatus } from './conversations.store';

/** The bots this server offers (`GET /bots`): loaded once, on first need. */
@Injectable({ providedIn: 'root' })
export class BotsStore {
  private readonly api = inject(BotsService);

  private readonly _bots = signal<readonly BotDto[]>([]);
  private readonly _status = signal<LoadStatus>('idle');
  private readonly _error = signal<string | null>(null);
  private request: Subscription | null = null;

  readonly bots = this._bots.asReadonly();
  readonly status = this._status.asReadonly();
  readonly error = this._error.asReadonly();
  /** By username (`sizebot`, `assistant`), for the suggestions made for a few known bots. */
  readonly byUsername = computed(() => new Map(this._bots().map((bot) => [bot.username, bot])));

  constructor() {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  /** Loads the list unless it is loaded or loading; after an error, tries again. */
  load(): void {
    const status = this._status();
    if (status === 'loading' || status === 'ready') return;
    this._status.set('loading');
    this._error.set(null);
    this.request = this.api.listBots().subscribe({
      next: (bots) => {
        this._bots.set(bots);
        this._status.set('ready');
      },
      error: (error: unknown) => {
        this._error.set(describeLoadError('the bots', error));
        this._status.set('error');
      },
    });
  }

  /** Whether a user is one of the offered bots (bots not offered any more do not answer). */
  get(userId: string): BotDto | undefined {
    return this._bots().find((bot) => bot.id === userId);
  }
}
