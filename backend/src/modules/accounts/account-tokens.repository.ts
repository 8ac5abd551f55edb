import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { AccountTokenEntity, type AccountTokenPurpose } from './account-token.entity';

export interface SpentToken {
  userId: string;
  email: string | null;
}

@Injectable()
export class AccountTokensRepository {
  constructor(
    @InjectRepository(AccountTokenEntity) private readonly tokens: Repository<AccountTokenEntity>,
  ) {}

  async insert(
    token: Pick<AccountTokenEntity, 'userId' | 'purpose' | 'tokenHash' | 'email' | 'expiresAt'>,
  ): Promise<void> {
    await this.tokens.insert(token);
  }

  /**
   * Spends a token in one statement, so two uses at once get it once: null when there is no
   * such token for this purpose, or it was used or has expired.
   */
  async spend(tokenHash: string, purpose: AccountTokenPurpose): Promise<SpentToken | null> {
    const rows = returnedRows<{ user_id: string; email: string | null }>(
      await this.tokens.query(
        `UPDATE account_tokens SET used_at = now()
          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id, email`,
        [tokenHash, purpose],
      ),
    );
    return rows[0] ? { userId: rows[0].user_id, email: rows[0].email } : null;
  }

  /** Spends the user's other open tokens of a purpose: a newer link replaces older ones. */
  async spendAllOf(userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await this.tokens.query(
      `UPDATE account_tokens SET used_at = now()
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
  }
}
