import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AtRestEncryption } from '../../common/encryption/at-rest-encryption';
import { twoFactorSecretAad } from '../../common/encryption/two-factor-secret';
import { returnedRows } from '../../database/query-rows';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { TwoFactorEntity } from './two-factor.entity';

export interface TwoFactorState {
  enabled: boolean;
  secret: string;
}

@Injectable()
export class TwoFactorRepository {
  constructor(
    @InjectRepository(TwoFactorEntity) private readonly factors: Repository<TwoFactorEntity>,
    @InjectRepository(RecoveryCodeEntity) private readonly codes: Repository<RecoveryCodeEntity>,
    private readonly encryption: AtRestEncryption,
  ) {}

  async state(userId: string): Promise<TwoFactorState | null> {
    const row = await this.factors.findOneBy({ userId });
    return row ? { enabled: row.enabledAt !== null, secret: this.readSecret(row) } : null;
  }

  async isEnabled(userId: string): Promise<boolean> {
    return this.factors
      .createQueryBuilder('f')
      .where('f.user_id = :userId AND f.enabled_at IS NOT NULL', { userId })
      .getExists();
  }

  /** A new, not yet enabled secret (replacing one that was never enabled). */
  async saveSetup(userId: string, secret: string): Promise<void> {
    await this.factors.upsert(
      { userId, secret: this.writeSecret(userId, secret), enabledAt: null, lastStep: null },
      ['userId'],
    );
  }

  /** Turns it on with its recovery codes, in one transaction. */
  async enable(userId: string, step: number, codeHashes: string[]): Promise<void> {
    await this.factors.manager.transaction(async (manager) => {
      await manager.update(
        TwoFactorEntity,
        { userId },
        { enabledAt: () => 'now()', lastStep: String(step) },
      );
      await manager.delete(RecoveryCodeEntity, { userId });
      await manager.insert(
        RecoveryCodeEntity,
        codeHashes.map((codeHash) => ({ userId, codeHash })),
      );
    });
  }

  async remove(userId: string): Promise<void> {
    await this.factors.manager.transaction(async (manager) => {
      await manager.delete(RecoveryCodeEntity, { userId });
      await manager.delete(TwoFactorEntity, { userId });
    });
  }

  /** Takes a time step for a code, once: false when it (or a later one) was already used. */
  async claimStep(userId: string, step: number): Promise<boolean> {
    const rows = returnedRows<{ user_id: string }>(
      await this.factors.query(
        `UPDATE two_factor SET last_step = $2
          WHERE user_id = $1 AND (last_step IS NULL OR last_step < $2)
        RETURNING user_id`,
        [userId, step],
      ),
    );
    return rows.length > 0;
  }

  /** Spends a recovery code: false when there is no such unused code. */
  async spendRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.codes.query(
        `UPDATE two_factor_recovery_codes SET used_at = now()
          WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
        RETURNING id`,
        [userId, codeHash],
      ),
    );
    return rows.length > 0;
  }

  /** The one way the secret leaves the row: decrypted when stored encrypted (bound to its user). */
  private readSecret(row: TwoFactorEntity): string {
    return this.encryption.ring.decrypt(row.secret, twoFactorSecretAad(row.userId));
  }

  /** The one way a secret goes into the row: encrypted at rest when `ENCRYPTION_KEYS` is set. */
  private writeSecret(userId: string, secret: string): string {
    return this.encryption.ring.encrypt(secret, twoFactorSecretAad(userId));
  }
}
