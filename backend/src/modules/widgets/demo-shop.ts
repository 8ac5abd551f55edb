import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { UsersService } from '../users/users.service';
import { WidgetOrigins } from './widget-origins';
import { WidgetsRepository } from './widgets.repository';

/**
 * With DEMO_SHOP (npm start), the demo shop's widget: the one the server made (no creator), or
 * a new one on the first visit (after start, when the bots are seeded), allowing this server's
 * own origins, so /demo/shop works in one click.
 */
@Injectable()
export class DemoShop {
  private readonly logger = new Logger(DemoShop.name);
  private widgetId: Promise<string | null> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly widgets: WidgetsRepository,
    private readonly users: UsersService,
    private readonly origins: WidgetOrigins,
  ) {}

  /**
   * The widget the demo page embeds; null when the demo is off or cannot be made. `origin` is
   * the address the first visitor used, allowed beside localhost and PUBLIC_URL.
   */
  demoWidgetId(origin: string): Promise<string | null> {
    if (!this.config.DEMO_SHOP) return Promise.resolve(null);
    this.widgetId ??= this.ensureWidget(origin).catch((error: unknown) => {
      // Postgres away: the next visit tries again.
      this.widgetId = null;
      throw error;
    });
    return this.widgetId;
  }

  private async ensureWidget(origin: string): Promise<string | null> {
    const made = (await this.widgets.list()).find((w) => w.createdBy === null);
    if (made) return made.id;
    const bot = await this.users.findByUsername('sizebot');
    if (!bot?.isBot) {
      this.logger.warn('no demo shop: the sizebot bot does not exist');
      return null;
    }
    const port = this.config.PORT;
    const own = [origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
    if (this.config.PUBLIC_URL) own.push(new URL(this.config.PUBLIC_URL).origin);
    // Made by the server itself, no one's administrative act: nothing to audit.
    const widget = await this.widgets.insert({
      name: 'Demo shop',
      botUserId: bot.id,
      allowedOrigins: [...new Set(own)],
      greeting: 'Hi! Not sure which size to pick? Tell me your height and weight.',
      handoff: true,
      createdBy: null,
    });
    this.origins.changed();
    this.logger.log(`demo shop: /demo/shop with widget ${widget.id}`);
    return widget.id;
  }
}
