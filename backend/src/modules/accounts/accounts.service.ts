import { createHash, randomBytes } from 'node:crypto';
import { ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { MailTemplate } from '../../common/jobs/job.types';
import { RedisRateLimiter } from '../../common/rate-limit/redis-rate-limiter';
import { AppConfig } from '../../config/app-config';
import { apiActor, type AuditActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionsService } from '../auth/sessions.service';
import { MailService } from '../mail/mail.service';
import { type UserAccount, UsersService } from '../users/users.service';
import { WorkspaceSettingsService } from '../workspace/workspace-settings.service';
import type { AccountTokenPurpose } from './account-token.entity';
import { AccountTokensRepository } from './account-tokens.repository';

/** Reset and verification links work for one hour. */
const TOKEN_TTL_MS = 3_600_000;
/** Reset mails one account may get per hour, whoever asks: no mail-bombing through "forgot". */
const RESET_MAILS_PER_HOUR = 5;
/** Verification mails one account may ask for again per hour. */
const VERIFY_MAILS_PER_HOUR = 3;
const BAD_TOKEN = 'this link is invalid, used or expired: ask for a new one';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Where each link lands in the web app. */
const LINK_PATHS: Record<AccountTokenPurpose, string> = {
  'verify-email': '/verify-email/',
  'reset-password': '/reset-password/',
};

/**
 * The account's own security: changing the password, a verified email address, and getting
 * back in with a mailed (or admin-made) reset link. Every change is audited.
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccountTokensRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly settings: WorkspaceSettingsService,
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
  ) {}

  /**
   * Changes the password after checking the current one (403 when wrong: a 401 would sign the
   * app out). Other sessions end when asked; the one making the change stays.
   */
  async changePassword(
    userId: string,
    currentSessionId: string | undefined,
    input: { currentPassword: string; newPassword: string; signOutOtherSessions?: boolean },
  ): Promise<void> {
    const account = await this.users.getAccount(userId);
    if (!(await this.hasher.verify(account.passwordHash, input.currentPassword))) {
      throw new ForbiddenException('the current password is not correct');
    }
    await this.users.setPasswordHash(userId, await this.hasher.hash(input.newPassword));
    const ended = input.signOutOtherSessions
      ? await this.sessions.endAllSessions(userId, currentSessionId)
      : [];
    await this.audit.record(apiActor(userId), 'account.password_changed', userId, {
      endedSessions: ended.length,
    });
  }

  /**
   * Stores a new address unverified and mails it a verification link (when mail is on).
   * Nothing happens when the address is unchanged.
   */
  async changeEmail(userId: string, email: string | null): Promise<void> {
    if (!(await this.users.setEmail(userId, email))) return;
    await this.audit.record(apiActor(userId), 'account.email_changed', userId, {
      removed: email === null,
    });
    if (email === null || !this.mail.enabled) return;
    const account = await this.users.getAccount(userId);
    const url = await this.createLink(userId, 'verify-email', email);
    await this.sendMail(account, email, 'verify-email', url);
  }

  /**
   * Mails a new verification link to the signed-in person's unverified address. Answers the
   * same whatever happened (no address, already verified, mail off, over the limit), so a
   * stolen session learns nothing more than the profile shows.
   */
  async resendVerification(userId: string): Promise<void> {
    const account = await this.users.getAccount(userId);
    if (!account.email || account.emailVerified || !this.mail.enabled) return;
    const window = await this.limiter.hit(
      `verify-mail:${userId}`,
      VERIFY_MAILS_PER_HOUR,
      TOKEN_TTL_MS,
    );
    if (!window.allowed) return;
    const url = await this.createLink(userId, 'verify-email', account.email);
    await this.sendMail(account, account.email, 'verify-email', url);
    await this.audit.record(apiActor(userId), 'account.verification_resent', userId);
  }

  async verifyEmail(token: string): Promise<void> {
    const spent = await this.tokens.spend(sha256(token), 'verify-email');
    // The address changed since the link was mailed: the link verified nothing.
    if (!spent?.email || !(await this.users.markEmailVerified(spent.userId, spent.email))) {
      throw new ForbiddenException(BAD_TOKEN);
    }
    await this.audit.record(apiActor(spent.userId), 'account.email_verified', spent.userId);
  }

  /**
   * Mails a reset link when the login names an account with a verified address. The caller
   * learns nothing either way: this runs after the request was answered.
   */
  async forgotPassword(login: string): Promise<void> {
    const account = await this.users.findAccountByLogin(login);
    if (!account?.email || !account.emailVerified || account.user.isBot) return;
    const window = await this.limiter.hit(
      `reset-mail:${account.user.id}`,
      RESET_MAILS_PER_HOUR,
      TOKEN_TTL_MS,
    );
    if (!window.allowed) return;
    const url = await this.createLink(account.user.id, 'reset-password', null);
    await this.sendMail(account, account.email, 'reset-password', url);
    await this.audit.record(
      { userId: null, via: 'api' },
      'account.password_reset_requested',
      account.user.id,
    );
  }

  /** Runs `forgotPassword` without making the request wait for it (or time it). */
  forgotPasswordInBackground(login: string): void {
    this.forgotPassword(login).catch((error: unknown) =>
      this.logger.warn(`password reset request failed: ${String(error)}`),
    );
  }

  /** Sets a new password with a reset link, and ends every session of the account. */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    const spent = await this.tokens.spend(sha256(token), 'reset-password');
    if (!spent) throw new ForbiddenException(BAD_TOKEN);
    await this.users.setPasswordHash(spent.userId, await this.hasher.hash(newPassword));
    await this.tokens.spendAllOf(spent.userId, 'reset-password');
    const ended = await this.sessions.endAllSessions(spent.userId);
    await this.audit.record({ userId: null, via: 'api' }, 'account.password_reset', spent.userId, {
      endedSessions: ended.length,
    });
  }

  /**
   * A reset link an admin hands over (when mail is off, or the person lost their address).
   * `origin` makes the link when PUBLIC_URL is unset, as for invites.
   */
  async createResetLink(actor: AuditActor, userId: string, origin?: string): Promise<string> {
    const account = await this.users.getAccount(userId);
    if (account.user.isBot) throw new NotFoundException('user not found');
    const url = await this.createLink(userId, 'reset-password', null, origin);
    await this.audit.record(actor, 'account.reset_link_created', userId);
    return url;
  }

  private async createLink(
    userId: string,
    purpose: AccountTokenPurpose,
    email: string | null,
    origin?: string,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.insert({
      userId,
      purpose,
      email,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + TOKEN_TTL_MS),
    });
    const base = (this.config.PUBLIC_URL ?? origin ?? '').replace(/\/+$/, '');
    return `${base}${LINK_PATHS[purpose]}${token}`;
  }

  private async sendMail(
    account: UserAccount,
    to: string,
    template: MailTemplate,
    url: string,
  ): Promise<void> {
    const { workspaceName } = await this.settings.get();
    await this.mail.send({
      to,
      template,
      params: { displayName: account.user.displayName, workspaceName, url },
    });
  }
}
