import {
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import { RedisRateLimiter } from '../../common/rate-limit/redis-rate-limiter';
import { AppConfig } from '../../config/app-config';
import { AuthService } from '../auth/auth.service';
import { GroupLifeService } from '../conversations/group-life.service';
import type { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import type { CreateGuestSessionDto, GuestSessionDto } from './dto/widget.dto';
import { WIDGET_NOT_FOUND } from './widgets.service';
import { WidgetsRepository, type WidgetRow } from './widgets.repository';

const HOUR_MS = 3_600_000;

/**
 * Widget visitors: a session makes a guest user and their one conversation with the widget's
 * bot, or renews a guest token the widget kept (same visitor, same conversation, history kept).
 */
@Injectable()
export class GuestSessionsService {
  constructor(
    private readonly widgets: WidgetsRepository,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly conversations: GroupLifeService,
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
  ) {}

  /**
   * 404 for no such widget, 403 when the page's origin is not one the widget allows, 401 for a
   * guest token that is not (or no longer) this widget's, 429 past the per-address limit on new
   * visitors (a refused attempt counts nothing).
   */
  async start(
    widgetId: string,
    origin: string | undefined,
    ip: string,
    input: CreateGuestSessionDto,
  ): Promise<{ created: boolean; session: GuestSessionDto }> {
    const { guestToken, context } = input;
    const widget = await this.widgets.findById(widgetId);
    if (!widget) throw new NotFoundException(WIDGET_NOT_FOUND);
    if (!origin || !widget.allowedOrigins.includes(origin.toLowerCase())) {
      throw new ForbiddenException('this page may not use this widget: its origin is not allowed');
    }
    if (guestToken !== undefined)
      return { created: false, session: await this.renew(widget, guestToken) };

    const window = {
      key: `guest-sessions:${ip}`,
      limit: this.config.RATE_LIMIT_GUEST_SESSIONS_PER_HOUR,
      windowMs: HOUR_MS,
    };
    const refused = await this.limiter.hitAll([window]);
    if (refused)
      throw new RateLimitedException('too many new visitors from this address', refused.resetInMs);

    const guest = await this.users.createGuest();
    const { conversation } = await this.conversations.create(guest.id, {
      type: 'direct',
      userId: widget.botUserId,
    });
    await this.widgets.insertGuest({
      userId: guest.id,
      widgetId: widget.id,
      conversationId: conversation.id,
      context: context && (context.product || context.category) ? { ...context } : null,
    });
    return { created: true, session: await this.session(widget, guest, conversation.id) };
  }

  private async renew(widget: WidgetRow, guestToken: string): Promise<GuestSessionDto> {
    const claims = await this.auth.verifyGuestToken(guestToken);
    const guest =
      claims && claims.guest.widgetId === widget.id
        ? await this.widgets.findGuest(claims.sub)
        : null;
    if (!guest || guest.conversationId !== claims?.guest.conversationId) {
      throw new UnauthorizedException('this visitor session has ended: start a new one');
    }
    await this.widgets.touchGuest(guest.userId);
    return this.session(widget, await this.users.getUser(guest.userId), guest.conversationId);
  }

  private async session(
    widget: WidgetRow,
    guest: UserDto,
    conversationId: string,
  ): Promise<GuestSessionDto> {
    const [guestToken, bot] = await Promise.all([
      this.auth.signGuestToken(guest, { conversationId, widgetId: widget.id }),
      this.users.getProfile(widget.botUserId),
    ]);
    return {
      guestToken,
      conversationId,
      user: guest,
      widget: {
        id: widget.id,
        name: widget.name,
        greeting: widget.greeting,
        handoff: widget.handoff,
        bot,
      },
    };
  }
}
