import { createHash, randomBytes } from 'node:crypto';
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { type AuditActor, apiActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../users/users.service';
import { WorkspaceSettingsService } from '../workspace/workspace-settings.service';
import {
  type CreateInviteDto,
  DEFAULT_INVITE_HOURS,
  type InviteCheckDto,
  type InviteDto,
  type InviteSummaryDto,
} from './dto/invite.dto';
import type { InviteEntity } from './invite.entity';
import { InvitesRepository } from './invites.repository';

const HOUR_MS = 3_600_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

const toSummary = (i: InviteEntity): InviteSummaryDto => ({
  id: i.id,
  maxUses: i.maxUses,
  uses: i.uses,
  expiresAt: i.expiresAt.toISOString(),
  createdBy: i.createdBy,
  createdAt: i.createdAt.toISOString(),
});

/** Who may manage invites: admins all of them, members their own when the setting allows. */
type InviteAuthority = { scope: 'all' } | { scope: 'own'; userId: string };

@Injectable()
export class InvitesService {
  constructor(
    private readonly invites: InvitesRepository,
    private readonly users: UsersService,
    private readonly settings: WorkspaceSettingsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Creates an invite. `origin` (the request's) makes the link when PUBLIC_URL is unset; the
   * command line has neither and gets a path to put after the server's address.
   */
  async create(actor: AuditActor, input: CreateInviteDto, origin?: string): Promise<InviteDto> {
    if (actor.userId) await this.authority(actor.userId);
    const token = randomBytes(24).toString('base64url');
    const invite = await this.invites.insert({
      tokenHash: sha256(token),
      createdBy: actor.userId,
      maxUses: input.maxUses ?? null,
      expiresAt: new Date(Date.now() + (input.expiresInHours ?? DEFAULT_INVITE_HOURS) * HOUR_MS),
    });
    await this.audit.record(actor, 'invite.created', invite.id, {
      maxUses: invite.maxUses,
      expiresAt: invite.expiresAt.toISOString(),
    });
    const base = (this.config.PUBLIC_URL ?? origin ?? '').replace(/\/+$/, '');
    return {
      id: invite.id,
      token,
      url: `${base}/invite/${token}`,
      maxUses: invite.maxUses,
      uses: invite.uses,
      expiresAt: invite.expiresAt.toISOString(),
    };
  }

  /** The invites still open (not revoked, not expired): all for admins, their own for members. */
  async list(callerId: string): Promise<InviteSummaryDto[]> {
    const authority = await this.authority(callerId);
    const rows = await this.invites.listActive(
      authority.scope === 'own' ? authority.userId : undefined,
    );
    return rows.map(toSummary);
  }

  /** Revokes an invite (idempotent); 404 when there is none the caller may manage. */
  async revoke(callerId: string, id: string): Promise<void> {
    const authority = await this.authority(callerId);
    const invite = await this.invites.findById(id);
    if (!invite || (authority.scope === 'own' && invite.createdBy !== authority.userId)) {
      throw new NotFoundException('invite not found');
    }
    if (await this.invites.revoke(id)) {
      await this.audit.record(apiActor(callerId), 'invite.revoked', id);
    }
  }

  /** For the public invite page: would registering with this token work now? */
  async check(token: string): Promise<InviteCheckDto> {
    const settings = await this.settings.get();
    const usable =
      settings.registrationMode !== 'closed' && (await this.invites.isUsable(sha256(token)));
    return { valid: usable, workspaceName: settings.workspaceName };
  }

  /** Takes one use of the invite for a registration; the invite's id, or null when unusable. */
  takeUse(token: string): Promise<string | null> {
    return this.invites.takeUse(sha256(token));
  }

  /** The registration that took a use failed: the use goes back. */
  returnUse(inviteId: string): Promise<void> {
    return this.invites.returnUse(inviteId);
  }

  /** The registration that took a use succeeded: `userId` is the new account. */
  recordUse(inviteId: string, userId: string): Promise<void> {
    return this.audit.record(apiActor(userId), 'invite.used', inviteId, { userId });
  }

  private async authority(userId: string): Promise<InviteAuthority> {
    const access = await this.users.getAccess(userId);
    if (access && !access.deactivated) {
      if (access.serverRole === 'admin') return { scope: 'all' };
      if (access.serverRole === 'member' && (await this.settings.get()).membersCanInvite) {
        return { scope: 'own', userId };
      }
    }
    throw new ForbiddenException('only admins may manage invites here');
  }
}
