import { createHash, randomBytes } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { generateSecret, generateURI, verify } from 'otplib';
import { apiActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { UsersService } from '../users/users.service';
import { WorkspaceSettingsService } from '../workspace/workspace-settings.service';
import { TwoFactorRepository } from './two-factor.repository';
import type { RedisClient } from '../../common/redis/redis.module';

const RECOVERY_CODES = 10;
/** A code from up to 30 s before or after now is accepted (clock drift, typing time). */
const EPOCH_TOLERANCE_SECONDS = 30;
/** The second step of a sign-in must follow the first within this time... */
const CHALLENGE_TTL_SECONDS = 300;
/** ...and within this many wrong codes. */
const CHALLENGE_ATTEMPTS = 5;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Recovery codes compare without dashes, spaces or letter case. */
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z2-7]/g, '');
const challengeKey = (token: string) => `2fa-challenge:${sha256(token)}`;

/** 60 random bits as `xxxx-xxxx-xxxx` in base32: easy to type, hard to guess. */
function newRecoveryCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => BASE32[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

interface Challenge {
  userId: string;
  attempts: number;
}

/**
 * TOTP two-factor (RFC 6238): setting it up, the second step of a sign-in, recovery codes.
 * The secret leaves the server once, in the setup answer.
 */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly factors: TwoFactorRepository,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly settings: WorkspaceSettingsService,
    @Inject(Redis) private readonly redis: RedisClient,
  ) {}

  isEnabled(userId: string): Promise<boolean> {
    return this.factors.isEnabled(userId);
  }

  /** A new secret to scan (409 when two-factor is already on: disable it first). */
  async setup(userId: string): Promise<{ secret: string; otpauthUrl: string }> {
    if (await this.factors.isEnabled(userId)) {
      throw new ConflictException('two-factor authentication is already on');
    }
    const { user } = await this.users.getAccount(userId);
    const { workspaceName } = await this.settings.get();
    const secret = generateSecret();
    await this.factors.saveSetup(userId, secret);
    const otpauthUrl = generateURI({ issuer: workspaceName, label: user.username, secret });
    return { secret, otpauthUrl };
  }

  /** Turns it on once a code shows the authenticator has the secret; the recovery codes. */
  async enable(userId: string, code: string): Promise<string[]> {
    const state = await this.factors.state(userId);
    if (!state) throw new ConflictException('set up two-factor authentication first');
    if (state.enabled) throw new ConflictException('two-factor authentication is already on');
    const step = await this.totpStep(state.secret, code);
    if (step === null) throw new ForbiddenException('the code is not correct');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.factors.enable(
      userId,
      step,
      codes.map((c) => sha256(normalizeRecoveryCode(c))),
    );
    await this.audit.record(apiActor(userId), 'account.two_factor_enabled', userId);
    return codes;
  }

  /** Turns it off: the password and a current code (or a recovery code) both needed. */
  async disable(userId: string, password: string, code: string): Promise<void> {
    const account = await this.users.getAccount(userId);
    if (!(await this.hasher.verify(account.passwordHash, password))) {
      throw new ForbiddenException('the password is not correct');
    }
    if (!(await this.factors.isEnabled(userId))) {
      throw new ConflictException('two-factor authentication is not on');
    }
    if (!(await this.checkCode(userId, code))) {
      throw new ForbiddenException('the code is not correct');
    }
    await this.factors.remove(userId);
    await this.audit.record(apiActor(userId), 'account.two_factor_disabled', userId);
  }

  /**
   * For an action that asks again who you are (deleting the account): true when two-factor is
   * off, else whether `code` is a current TOTP or an unused recovery code (spent).
   */
  async confirm(userId: string, code: string | undefined): Promise<boolean> {
    if (!(await this.factors.isEnabled(userId))) return true;
    return code !== undefined && this.checkCode(userId, code);
  }

  /** Removes the secret and recovery codes of an account that is deleted. */
  async erase(userId: string): Promise<void> {
    await this.factors.remove(userId);
  }

  /** After a correct password: a single-use token for the second step of the sign-in. */
  async createChallenge(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const challenge: Challenge = { userId, attempts: 0 };
    await this.redis.set(
      challengeKey(token),
      JSON.stringify(challenge),
      'EX',
      CHALLENGE_TTL_SECONDS,
    );
    return token;
  }

  /**
   * The second step: the user whose challenge this is when the code (TOTP or recovery) is
   * right. 401 when the challenge is unknown, spent or expired, or the code is wrong (after
   * CHALLENGE_ATTEMPTS wrong codes the challenge is gone: sign in again).
   */
  async completeChallenge(token: string, code: string): Promise<string> {
    const key = challengeKey(token);
    const stored = await this.redis.get(key);
    if (!stored) throw new UnauthorizedException('the sign-in expired: enter your password again');
    const challenge = JSON.parse(stored) as Challenge;
    if (!(await this.checkCode(challenge.userId, code))) {
      challenge.attempts += 1;
      if (challenge.attempts >= CHALLENGE_ATTEMPTS) await this.redis.del(key);
      else await this.redis.set(key, JSON.stringify(challenge), 'KEEPTTL');
      throw new UnauthorizedException('the code is not correct');
    }
    // Only one of two concurrent completions gets the session.
    if ((await this.redis.del(key)) === 0) {
      throw new UnauthorizedException('the sign-in expired: enter your password again');
    }
    return challenge.userId;
  }

  /** A TOTP code not used before, or an unused recovery code (spent here). */
  private async checkCode(userId: string, code: string): Promise<boolean> {
    const state = await this.factors.state(userId);
    if (!state?.enabled) return false;
    if (/^\d{6}$/.test(code)) {
      const step = await this.totpStep(state.secret, code);
      return step !== null && (await this.factors.claimStep(userId, step));
    }
    const spent = await this.factors.spendRecoveryCode(userId, sha256(normalizeRecoveryCode(code)));
    if (spent) await this.audit.record(apiActor(userId), 'account.recovery_code_used', userId);
    return spent;
  }

  /** The time step a correct code belongs to; null when it is not correct. */
  private async totpStep(secret: string, code: string): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const result = await verify({ secret, token: code, epochTolerance: EPOCH_TOLERANCE_SECONDS });
    // The functional API's result also covers HOTP, which has no time step.
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
