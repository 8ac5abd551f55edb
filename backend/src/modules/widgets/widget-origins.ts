import { Injectable } from '@nestjs/common';
import { WidgetsRepository } from './widgets.repository';

/** Another process's widget change reaches this one's CORS answers within this time. */
const TTL_MS = 5_000;

/**
 * The origins some widget allows, for CORS: a browser on a shop's page calls the API only
 * when the shop's origin is one of them. Read at most once per TTL; a change made in this
 * process applies at once.
 */
@Injectable()
export class WidgetOrigins {
  private cached: { origins: Set<string>; at: number } | null = null;
  private loading: Promise<Set<string>> | null = null;

  constructor(private readonly widgets: WidgetsRepository) {}

  async allows(origin: string): Promise<boolean> {
    return (await this.current()).has(origin.toLowerCase());
  }

  changed(): void {
    this.cached = null;
  }

  private current(): Promise<Set<string>> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) {
      return Promise.resolve(this.cached.origins);
    }
    this.loading ??= this.widgets
      .allOrigins()
      .then((origins) => {
        const set = new Set(origins);
        this.cached = { origins: set, at: Date.now() };
        return set;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
