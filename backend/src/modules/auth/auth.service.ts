import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import { AppConfig } from '../../config/app-config';
import { apiActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { InvitesService } from '../invites/invites.service';
import type { GuestScope } from '../../common/current-user.decorator';
import type { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { WorkspaceSettingsService } from '../workspace/workspace-settings.service';
import type { AuthResponseDto, LoginDto, RegisterDto } from './dto/credentials.dto';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import type { SessionClient } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInDelays } from './sign-in-delays';
import { TwoFactorService } from '../two-factor/two-factor.service';
import type { TwoFactorChallengeDto } from '../two-factor/dto/two-factor.dto';

const BAD_CREDENTIALS = 'invalid username or password';
const BAD_REFRESH = 'refresh token is invalid, expired or revoked: sign in again';
/** Said only to someone who proved who they are (a correct password, a valid refresh token). */
const DEACTIVATED = 'account deactivated';
const DAY_MS = 86_400_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Claims of our access tokens. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  /** The session (refresh token family) the token was issued for. */
  sid?: string;
  /** Expiry, seconds since the epoch (set by the signer). */
  exp?: number;
  /** Only on a widget visitor's token: the one conversation it reaches. */
  guest?: GuestScope;
}

/** A widget visitor's token lives a day; the widget renews it with itself (see verifyGuestToken). */
const GUEST_TOKEN_TTL_SECONDS = 86_400;

/** A new session as issued: the refresh token is always there until the controller delivers it. */
export type IssuedSession = AuthResponseDto & { refreshToken: string };

type RotationOutcome =
  | { ok: true; userId: string; familyId: string; refreshToken: string }
  | { ok: false; revokedFamilyId?: string; deactivated?: boolean };

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: RefreshTokensRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly signInDelays: SignInDelays,
    private readonly settings: WorkspaceSettingsService,
    private readonly invites: InvitesService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /**
   * Creates an account if the registration policy lets the caller in (403 saying which rule
   * refused). An invite's use is taken first and given back if the account is not created.
   */
  async register(input: RegisterDto, client: SessionClient): Promise<IssuedSession> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.createAccount({ ...input, passwordHash }, client);
  }

  /**
   * An account without a password for someone an identity provider vouched for (single
   * sign-on), under the same registration policy as `register`.
   */
  registerVerified(
    input: { username: string; displayName?: string; inviteToken?: string },
    client: SessionClient,
  ): Promise<IssuedSession> {
    return this.createAccount({ ...input, passwordHash: null }, client);
  }

  private async createAccount(
    input: {
      username: string;
      displayName?: string;
      inviteToken?: string;
      passwordHash: string | null;
    },
    client: SessionClient,
  ): Promise<IssuedSession> {
    const { passwordHash } = input;
    const inviteId = await this.admit(input.inviteToken);
    let created: Awaited<ReturnType<UsersService['createUser']>>;
    try {
      created = await this.users.createUser({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
      });
    } catch (error) {
      if (inviteId) await this.invites.returnUse(inviteId);
      throw error;
    }
    const { user, bootstrapAdmin } = created;
    if (bootstrapAdmin) await this.audit.record(apiActor(user.id), 'admin.bootstrapped', user.id);
    if (inviteId) await this.invites.recordUse(inviteId, user.id);
    return this.startSession(user, client);
  }

  /** Applies the registration mode; the id of the invite whose use was taken, if any. */
  private async admit(inviteToken: string | undefined): Promise<string | null> {
    const { registrationMode } = await this.settings.get();
    switch (registrationMode) {
      case 'closed':
        throw new ForbiddenException('registration is closed');
      case 'open':
        // Not needed, but an invite that still works is counted (and audited) as used.
        return inviteToken ? this.invites.takeUse(inviteToken) : null;
      case 'invite': {
        if (!inviteToken) throw new ForbiddenException('an invite is required to register');
        const inviteId = await this.invites.takeUse(inviteToken);
        if (!inviteId) {
          throw new ForbiddenException('this invite is not valid: used up, expired or revoked');
        }
        return inviteId;
      }
    }
  }

  /**
   * Same 401, and about the same time, whether or not the username exists. Failures slow the
   * next attempts of the same username from the same address (growing delays, 429 with the
   * wait), never the owner's attempts from elsewhere.
   */
  async login(
    input: LoginDto,
    client: SessionClient,
  ): Promise<IssuedSession | TwoFactorChallengeDto> {
    const waitMs = await this.signInDelays.attempt(input.username, client.ip);
    if (waitMs > 0) {
      throw new RateLimitedException('too many failed sign-ins from this address', waitMs);
    }
    const found = await this.users.findCredentials(input.username);
    const ok = await this.hasher.verify(found?.passwordHash ?? null, input.password);
    if (!found || !ok) {
      await this.signInDelays.failed(input.username, client.ip);
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    await this.signInDelays.succeeded(input.username, client.ip);
    if (found.user.deactivated) throw new ForbiddenException(DEACTIVATED);
    if (await this.twoFactor.isEnabled(found.user.id)) {
      return {
        twoFactorRequired: true,
        challengeToken: await this.twoFactor.createChallenge(found.user.id),
      };
    }
    return this.startSession(found.user, client);
  }

  /**
   * Signs in an account an identity provider vouched for: what follows a correct password in
   * `login` (deactivation, then the two-factor step when it is on).
   */
  async signInVerified(
    userId: string,
    client: SessionClient,
  ): Promise<IssuedSession | TwoFactorChallengeDto> {
    const user = await this.users.getUser(userId);
    if (user.deactivated) throw new ForbiddenException(DEACTIVATED);
    if (await this.twoFactor.isEnabled(user.id)) {
      return {
        twoFactorRequired: true,
        challengeToken: await this.twoFactor.createChallenge(user.id),
      };
    }
    return this.startSession(user, client);
  }

  /** The second step of a sign-in with two-factor on: the code, then the usual session. */
  async completeTwoFactor(
    challengeToken: string,
    code: string,
    client: SessionClient,
  ): Promise<IssuedSession> {
    const userId = await this.twoFactor.completeChallenge(challengeToken, code);
    const user = await this.users.getUser(userId);
    // Deactivated between the two steps.
    if (user.deactivated) throw new ForbiddenException(DEACTIVATED);
    return this.startSession(user, client);
  }

  /**
   * Spends a refresh token and issues the next one of its family. A token that was already
   * spent means it leaked (or was replayed): the whole family is revoked (OWASP rotation).
   */
  async refresh(refreshToken: string, client: SessionClient): Promise<IssuedSession> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<RotationOutcome> => {
      const current = await this.tokens.findByHashForUpdate(manager, sha256(refreshToken));
      if (!current) return { ok: false };
      // Before the revocation check: deactivation revoked the session, and the app should
      // sign out saying why.
      if ((await this.users.getAccess(current.userId))?.deactivated) {
        return { ok: false, deactivated: true };
      }
      if (current.revokedAt) return { ok: false };
      if (current.usedAt) {
        await this.tokens.revokeFamily(current.familyId, manager);
        return { ok: false, revokedFamilyId: current.familyId };
      }
      if (current.expiresAt.getTime() <= Date.now()) return { ok: false };
      if (!(await this.sessions.touch(manager, current.familyId, client.ip))) {
        // Idle or absolute lifetime over: the session ends for good.
        await this.tokens.revokeFamily(current.familyId, manager);
        return { ok: false, revokedFamilyId: current.familyId };
      }
      await this.tokens.markUsed(manager, current.id);
      const next = await this.createRefreshToken(current.userId, current.familyId, manager);
      return { ok: true, userId: current.userId, familyId: current.familyId, refreshToken: next };
    });
    if (!outcome.ok) {
      // A replayed token ends the whole session, its sockets included.
      if (outcome.revokedFamilyId) await this.sessions.ended([outcome.revokedFamilyId]);
      throw new UnauthorizedException(outcome.deactivated ? DEACTIVATED : BAD_REFRESH);
    }

    let user: UserDto;
    try {
      user = await this.users.getUser(outcome.userId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new UnauthorizedException(BAD_REFRESH);
      throw error;
    }
    return {
      user,
      accessToken: await this.signAccessToken(user, outcome.familyId),
      refreshToken: outcome.refreshToken,
    };
  }

  /** Ends the session the token belongs to (its whole family). Unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<void> {
    const token = await this.tokens.findByHash(sha256(refreshToken));
    if (!token) return;
    await this.tokens.revokeFamily(token.familyId);
    await this.sessions.ended([token.familyId]);
  }

  /** Verifies an access token; used by the Socket.IO handshake as well as HTTP. */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    return this.jwt.verifyAsync<AccessTokenClaims>(token);
  }

  /**
   * For a socket, which outlives a request: the token must be valid and its session not ended
   * (signed out, or revoked after a replayed refresh token). Throws UnauthorizedException.
   */
  async verifySocketToken(token: string): Promise<AccessTokenClaims> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.verifyAccessToken(token);
    } catch {
      throw new UnauthorizedException('invalid or expired access token');
    }
    await this.assertSessionOpen(claims);
    return claims;
  }

  /**
   * What every authenticated request and handshake checks beyond the signature: the token
   * expires (one without `exp` would never), and its session has not ended (signed out, or
   * revoked after a replayed refresh token). Throws UnauthorizedException.
   */
  async assertSessionOpen(claims: AccessTokenClaims): Promise<void> {
    if (typeof claims.exp !== 'number') throw new UnauthorizedException('the token never expires');
    if (claims.sid && (await this.sessions.isEnded(claims.sid))) {
      throw new UnauthorizedException('the session has ended');
    }
  }

  /** A token for a widget visitor (a guest): it authenticates like an access token, for `scope` only. */
  signGuestToken(user: UserDto, scope: GuestScope): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, username: user.username, guest: scope };
    return this.jwt.signAsync(claims, { expiresIn: GUEST_TOKEN_TTL_SECONDS });
  }

  /**
   * A guest token presented for renewal: genuine (our signature), expired or not, since a
   * visitor who returns after a day keeps their conversation; null otherwise. Whether the
   * guest still exists is the caller's check (idle guests are deleted).
   */
  async verifyGuestToken(
    token: string,
  ): Promise<(AccessTokenClaims & { guest: GuestScope }) | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        ignoreExpiration: true,
      });
      return claims.guest ? { ...claims, guest: claims.guest } : null;
    } catch {
      return null;
    }
  }

  /** Opens a session (a refresh token family) for someone who has proved who they are. */
  async startSession(user: UserDto, client: SessionClient): Promise<IssuedSession> {
    const familyId = randomUUID();
    await this.sessions.start(familyId, user.id, client);
    const [accessToken, refreshToken] = await Promise.all([
      this.signAccessToken(user, familyId),
      this.createRefreshToken(user.id, familyId),
    ]);
    return { user, accessToken, refreshToken };
  }

  private signAccessToken(user: UserDto, familyId: string): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, username: user.username, sid: familyId };
    return this.jwt.signAsync(claims);
  }

  private async createRefreshToken(
    userId: string,
    familyId: string,
    manager?: Parameters<RefreshTokensRepository['insert']>[1],
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.insert(
      {
        userId,
        familyId,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * DAY_MS),
      },
      manager,
    );
    return token;
  }
}
