import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { SessionsService } from '../auth/sessions.service';
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
  ) {}

  async updateUser(actor: AuditActor, id: string, change: AccessChange): Promise<UserDto> {
    const { before, after } = await this.users.changeAccess(id, change);
    if (after.deactivated && !before.deactivated) {
      // Deactivation is committed first, so a session refreshed meanwhile is refused too.
      await this.sessions.endAllSessions(id);
      await this.audit.record(actor, 'user.deactivated', id, { username: after.username });
    }
    if (!after.deactivated && before.deactivated) {
      await this.audit.record(actor, 'user.reactivated', id, { username: after.username });
    }
    if (after.serverRole !== before.serverRole) {
      await this.audit.record(actor, 'user.role_changed', id, {
        username: after.username,
        from: before.serverRole,
        to: after.serverRole,
      });
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
