import { Injectable } from '@nestjs/common';
import { apiActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { SessionsService } from '../auth/sessions.service';
import { deviceLabel } from './device-label';
import type { SessionDto } from './dto/session.dto';

/** A person's own list of sessions: what they see, and ending them (audited). */
@Injectable()
export class MySessionsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(userId: string, currentSessionId: string | undefined): Promise<SessionDto[]> {
    const rows = await this.sessions.list(userId);
    return rows.map((s) => ({
      id: s.id,
      current: s.id === currentSessionId,
      userAgent: deviceLabel(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
    }));
  }

  async end(userId: string, sessionId: string): Promise<void> {
    await this.sessions.end(userId, sessionId);
    await this.audit.record(apiActor(userId), 'session.ended', userId, { sessionId });
  }

  async endOthers(userId: string, currentSessionId: string | undefined): Promise<void> {
    const ended = await this.sessions.endAllSessions(userId, currentSessionId);
    await this.audit.record(apiActor(userId), 'session.ended_others', userId, {
      endedSessions: ended.length,
    });
  }
}
