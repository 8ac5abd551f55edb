import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { SessionsService } from '../auth/sessions.service';
import { ConversationAccess } from '../conversations/access/conversation-access.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { UserDto } from '../users/dto/user.dto';
import type { AccessChange } from '../users/server-role';
import { UsersService } from '../users/users.service';

/** Administration of people: server roles and deactivation, each change audited once. */
@Injectable()
export class AdminService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly conversations: ConversationAccess,
    private readonly realtime: RealtimePublisher,
  ) {}

  async updateUser(actor: AuditActor, id: string, change: AccessChange): Promise<UserDto> {
    const { before, after } = await this.users.changeAccess(id, change);
    const deactivated = after.deactivated && !before.deactivated;
    const reactivated = !after.deactivated && before.deactivated;
    const roleChanged = after.serverRole !== before.serverRole;
    const supportChanged = after.support !== before.support;
    if (deactivated) {
      await this.audit.record(actor, 'user.deactivated', id, { username: after.username });
    }
    if (reactivated) {
      await this.audit.record(actor, 'user.reactivated', id, { username: after.username });
    }
    if (roleChanged) {
      await this.audit.record(actor, 'user.role_changed', id, {
        username: after.username,
        from: before.serverRole,
        to: after.serverRole,
      });
    }
    if (supportChanged) {
      await this.audit.record(actor, 'user.support_changed', id, {
        username: after.username,
        support: after.support,
      });
    }
    // After the deactivation is committed, so a session refreshed meanwhile is refused too; on
    // every request that asks for it, so retrying one that failed here still ends them.
    if (after.deactivated && change.deactivated) await this.sessions.endAllSessions(id);
    if (deactivated || reactivated || roleChanged || supportChanged) {
      // As for a profile change: whoever shares a conversation with them sees it live.
      const conversationIds = await this.conversations.conversationIdsOf(id);
      this.realtime.toConversations(conversationIds, SocketEvent.UserUpdated, after, [id]);
    }
    return after;
  }

  /** The CLI names people by username. */
  async updateUserByUsername(
    actor: AuditActor,
    username: string,
    change: AccessChange,
  ): Promise<UserDto> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new NotFoundException(`no user named ${username}`);
    return this.updateUser(actor, user.id, change);
  }
}
