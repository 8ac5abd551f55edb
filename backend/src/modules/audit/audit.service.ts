import { BadRequestException, Injectable } from '@nestjs/common';
import type { AuditAction, AuditActor } from './audit-action';
import type { AuditEventEntity } from './audit-event.entity';
import { AuditRepository } from './audit.repository';
import type { AuditEventDto, AuditPageDto } from './dto/audit-event.dto';
import type { ListAuditQuery } from './dto/list-audit.query';

const DEFAULT_PAGE_SIZE = 50;

function decodeCursor(cursor: string): string {
  if (!/^[1-9]\d{0,17}$/.test(cursor)) {
    throw new BadRequestException(['cursor is not a cursor this list gave out']);
  }
  return cursor;
}

const toDto = (e: AuditEventEntity): AuditEventDto => ({
  id: e.id,
  at: e.at.toISOString(),
  actorId: e.actorId,
  action: e.action,
  targetId: e.targetId,
  details: e.details,
});

/** The audit log of administrative and security events: written here, never changed. */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditRepository) {}

  async record(
    actor: AuditActor,
    action: AuditAction,
    targetId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.events.insert({
      actorId: actor.userId,
      action,
      targetId,
      details: { ...details, via: actor.via },
    });
  }

  async list(query: ListAuditQuery): Promise<AuditPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.events.list({
      action: query.action,
      actorId: query.actorId,
      beforeSeq: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit ? page[page.length - 1].seq : null,
    };
  }
}
