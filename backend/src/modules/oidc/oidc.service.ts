import {
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { apiActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { AuthService, type IssuedSession } from '../auth/auth.service';
import type { sessionClient } from '../auth/session-client';
import { UsersService } from '../users/users.service';
import type { OidcLinkDto } from './dto/oidc.dto';
import { OidcAttempts, type OidcAttempt } from './oidc-attempts';
import { OidcLinksRepository } from './oidc-links.repository';
import { OidcProviderClient, type VerifiedIdentity } from './oidc-provider-client';
import { usernameFor } from './oidc-username';

type SessionClient = ReturnType<typeof sessionClient>;

/** Why a callback did not sign in (or link): the web app words each one. */
export type OidcRefusal =
  | 'cancelled'
  | 'expired'
  | 'failed'
  | 'registration-closed'
  | 'invite-required'
  | 'deactivated'
  | 'not-linked'
  | 'already-linked';

export type OidcOutcome =
  | { kind: 'signed-in'; session: IssuedSession }
  | { kind: 'two-factor'; challengeToken: string }
  | { kind: 'linked' }
  | { kind: 'refused'; intent: OidcAttempt['intent']; reason: OidcRefusal };

/** The registration policy's 403 messages (AuthService.admit), as refusals. */
const POLICY_REFUSALS: Record<string, OidcRefusal> = {
  'registration is closed': 'registration-closed',
  'an invite is required to register': 'invite-required',
};
const USERNAME_ATTEMPTS = 4;

/**
 * Single sign-on through OpenID Connect: a sign-in (or a signed-in person's link) starts here,
 * goes to the provider, and comes back to `finish`, which signs in the linked account, creates
 * one under the registration policy, or links the identity to the person who started it.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly provider: OidcProviderClient,
    private readonly attempts: OidcAttempts,
    private readonly links: OidcLinksRepository,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** The provider's authorization URL for a new attempt, and its state (for the browser cookie). */
  async begin(
    intent: { kind: 'sign-in'; inviteToken?: string } | { kind: 'link'; userId: string },
  ): Promise<{ url: string; state: string }> {
    this.requireConfigured();
    const { url, checks } = await this.provider.authorizationUrl();
    await this.attempts.save({
      ...checks,
      intent: intent.kind,
      ...(intent.kind === 'link' ? { userId: intent.userId } : { inviteToken: intent.inviteToken }),
    });
    return { url, state: checks.state };
  }

  /**
   * The provider sent the browser back. `browserState` is the state this browser was given at
   * the start (its cookie): a callback carried to another browser is refused.
   */
  async finish(
    callbackQuery: string,
    browserState: string | undefined,
    client: SessionClient,
  ): Promise<OidcOutcome> {
    this.requireConfigured();
    const params = new URLSearchParams(callbackQuery);
    const state = params.get('state');
    const attempt = state && state === browserState ? await this.attempts.take(state) : null;
    if (!attempt) return { kind: 'refused', intent: 'sign-in', reason: 'expired' };
    const refuse = (reason: OidcRefusal): OidcOutcome => ({
      kind: 'refused',
      intent: attempt.intent,
      reason,
    });
    if (params.has('error')) return refuse('cancelled');

    let identity: VerifiedIdentity;
    try {
      identity = await this.provider.exchange(callbackQuery, attempt);
    } catch (error) {
      this.logger.warn(`single sign-on refused: ${(error as Error).message}`);
      return refuse('failed');
    }
    if (attempt.intent === 'link') {
      return (await this.link(attempt.userId!, identity))
        ? { kind: 'linked' }
        : refuse('already-linked');
    }
    try {
      return await this.signIn(identity, attempt.inviteToken, client);
    } catch (error) {
      if (error instanceof ForbiddenException) {
        const reason = POLICY_REFUSALS[error.message];
        if (reason) return refuse(reason);
        if (error.message === 'account deactivated') return refuse('deactivated');
      }
      throw error;
    }
  }

  /** The caller's link to the configured provider, if any. */
  async getLink(userId: string): Promise<OidcLinkDto> {
    this.requireConfigured();
    const issuer = await this.provider.issuer();
    const [link, account] = await Promise.all([
      this.links.findForUser(userId, issuer),
      this.users.getAccount(userId),
    ]);
    return {
      label: this.config.OIDC_LABEL,
      linked: link !== null,
      email: link?.email ?? null,
      linkedAt: link?.createdAt.toISOString() ?? null,
      hasPassword: account.passwordHash !== null,
    };
  }

  /** Removes the caller's link; refused while it is their only way in (no password). */
  async unlink(userId: string): Promise<void> {
    this.requireConfigured();
    const { passwordHash } = await this.users.getAccount(userId);
    if (passwordHash === null) {
      throw new ConflictException(
        'set a password before unlinking: single sign-on is your only way in',
      );
    }
    const issuer = await this.provider.issuer();
    if (!(await this.links.delete(userId, issuer))) {
      throw new NotFoundException('no single sign-on link');
    }
    await this.audit.record(apiActor(userId), 'account.sso_unlinked', userId, { issuer });
  }

  private async link(userId: string, identity: VerifiedIdentity): Promise<boolean> {
    const linked = await this.links.insert(userId, {
      issuer: identity.issuer,
      subject: identity.subject,
      email: identity.email,
    });
    if (linked) {
      await this.audit.record(apiActor(userId), 'account.sso_linked', userId, {
        issuer: identity.issuer,
      });
    }
    return linked;
  }

  private async signIn(
    identity: VerifiedIdentity,
    inviteToken: string | undefined,
    client: SessionClient,
  ): Promise<OidcOutcome> {
    const link = await this.links.findByIdentity(identity.issuer, identity.subject);
    if (link) {
      const outcome = await this.auth.signInVerified(link.userId, client);
      if ('twoFactorRequired' in outcome) {
        return { kind: 'two-factor', challengeToken: outcome.challengeToken };
      }
      await this.recordSignIn(link.userId, identity, false);
      return { kind: 'signed-in', session: outcome };
    }
    const session = await this.register(identity, inviteToken, client);
    await this.links.insert(session.user.id, {
      issuer: identity.issuer,
      subject: identity.subject,
      email: identity.email,
    });
    await this.recordSignIn(session.user.id, identity, true);
    return { kind: 'signed-in', session };
  }

  /** A new account named after the identity; a taken name gets a suffix (a few tries). */
  private async register(
    identity: VerifiedIdentity,
    inviteToken: string | undefined,
    client: SessionClient,
  ): Promise<IssuedSession> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.auth.registerVerified(
          {
            username: usernameFor(identity, attempt),
            displayName: identity.name ?? undefined,
            inviteToken,
          },
          client,
        );
      } catch (error) {
        if (!(error instanceof ConflictException) || attempt + 1 >= USERNAME_ATTEMPTS) throw error;
      }
    }
  }

  private recordSignIn(userId: string, identity: VerifiedIdentity, created: boolean) {
    return this.audit.record(apiActor(userId), 'account.sso_signed_in', userId, {
      issuer: identity.issuer,
      accountCreated: created,
    });
  }

  private requireConfigured(): void {
    if (!this.config.oidcEnabled) throw new NotFoundException('single sign-on is not configured');
  }
}
