import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { type AuditActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../users/users.service';
import type { CreateWidgetDto, UpdateWidgetDto, WidgetDto } from './dto/widget.dto';
import type { WidgetEntity } from './widget.entity';
import { WidgetOrigins } from './widget-origins';
import { WidgetsRepository, type WidgetRow } from './widgets.repository';

export const WIDGET_NOT_FOUND = 'widget not found';

export const widgetSnippet = (baseUrl: string, id: string) =>
  `<script src="${baseUrl}/widget.js" data-widget="${id}" async></script>`;

/** Widgets as admins manage them; every change is audited. */
@Injectable()
export class WidgetsService {
  constructor(
    private readonly widgets: WidgetsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly origins: WidgetOrigins,
  ) {}

  async create(actor: AuditActor, input: CreateWidgetDto, baseUrl: string): Promise<WidgetDto> {
    const botUserId = await this.requireBot(input.botUsername);
    const widget = await this.widgets.insert({
      name: input.name,
      botUserId,
      allowedOrigins: [...new Set(input.allowedOrigins)],
      greeting: input.greeting ?? null,
      handoff: input.handoff ?? false,
      createdBy: actor.userId,
    });
    this.origins.changed();
    await this.audit.record(actor, 'widget.created', widget.id, describe(widget));
    return toDto(widget, baseUrl);
  }

  async list(baseUrl: string): Promise<WidgetDto[]> {
    return (await this.widgets.list()).map((w) => toDto(w, baseUrl));
  }

  async update(
    actor: AuditActor,
    id: string,
    input: UpdateWidgetDto,
    baseUrl: string,
  ): Promise<WidgetDto> {
    const before = await this.widgets.findById(id);
    if (!before) throw new NotFoundException(WIDGET_NOT_FOUND);
    const changes: Partial<WidgetEntity> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.botUsername !== undefined)
      changes.botUserId = await this.requireBot(input.botUsername);
    if (input.allowedOrigins !== undefined)
      changes.allowedOrigins = [...new Set(input.allowedOrigins)];
    if (input.greeting !== undefined) changes.greeting = input.greeting;
    if (input.handoff !== undefined) changes.handoff = input.handoff;
    const after = await this.widgets.update(id, changes);
    if (!after) throw new NotFoundException(WIDGET_NOT_FOUND);
    this.origins.changed();
    await this.audit.record(actor, 'widget.updated', id, {
      before: describe(before),
      after: describe(after),
    });
    return toDto(after, baseUrl);
  }

  /** Its visitors keep their conversations until they expire; new sessions are refused. */
  async delete(actor: AuditActor, id: string): Promise<void> {
    const widget = await this.widgets.findById(id);
    if (!widget || !(await this.widgets.delete(id))) throw new NotFoundException(WIDGET_NOT_FOUND);
    this.origins.changed();
    await this.audit.record(actor, 'widget.deleted', id, describe(widget));
  }

  private async requireBot(username: string): Promise<string> {
    const bot = await this.users.findByUsername(username);
    if (!bot?.isBot) throw new ConflictException('botUsername must name a bot of this server');
    return bot.id;
  }
}

const describe = (w: WidgetRow) => ({
  name: w.name,
  botUsername: w.bot.username,
  allowedOrigins: w.allowedOrigins,
  handoff: w.handoff,
});

function toDto(w: WidgetRow, baseUrl: string): WidgetDto {
  return {
    id: w.id,
    name: w.name,
    botUsername: w.bot.username,
    allowedOrigins: w.allowedOrigins,
    greeting: w.greeting,
    handoff: w.handoff,
    snippet: widgetSnippet(baseUrl, w.id),
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
