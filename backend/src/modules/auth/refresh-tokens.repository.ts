import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Not, Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { RefreshTokenEntity } from './refresh-token.entity';

@Injectable()
export class RefreshTokensRepository {
  constructor(
    @InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>,
  ) {}

  insert(token: Partial<RefreshTokenEntity>, manager?: EntityManager): Promise<RefreshTokenEntity> {
    const repo = manager ? manager.getRepository(RefreshTokenEntity) : this.tokens;
    return repo.save(repo.create(token));
  }

  /** Reads and row-locks a token, so two concurrent refreshes of it are serialised. */
  findByHashForUpdate(
    manager: EntityManager,
    tokenHash: string,
  ): Promise<RefreshTokenEntity | null> {
    return manager
      .getRepository(RefreshTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).update({ id }, { usedAt: new Date() });
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    return this.tokens.exists({ where: { familyId, revokedAt: Not(IsNull()) } });
  }

  /**
   * Revokes every session of the user but `keep` (when given); the ids of the sessions that
   * were still open.
   */
  async revokeAllOfUser(userId: string, keep?: string): Promise<string[]> {
    const rows = returnedRows<{ family_id: string }>(
      await this.tokens.query(
        `UPDATE refresh_tokens SET revoked_at = now()
          WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2
        RETURNING family_id`,
        [userId, keep ?? null],
      ),
    );
    return [...new Set(rows.map((r) => r.family_id))];
  }

  async revokeFamily(familyId: string, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(RefreshTokenEntity) : this.tokens;
    await repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
