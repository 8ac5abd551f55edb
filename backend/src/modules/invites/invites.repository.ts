import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { InviteEntity } from './invite.entity';

/** What makes an invite usable, as SQL over the `invites` row. */
const USABLE = `revoked_at IS NULL AND expires_at > now() AND (max_uses IS NULL OR uses < max_uses)`;

@Injectable()
export class InvitesRepository {
  constructor(@InjectRepository(InviteEntity) private readonly invites: Repository<InviteEntity>) {}

  insert(invite: Pick<InviteEntity, 'tokenHash' | 'createdBy' | 'maxUses' | 'expiresAt'>) {
    return this.invites.save(this.invites.create(invite));
  }

  findById(id: string): Promise<InviteEntity | null> {
    return this.invites.findOneBy({ id });
  }

  async isUsable(tokenHash: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.invites.query(`SELECT id FROM invites WHERE token_hash = $1 AND ${USABLE}`, [
        tokenHash,
      ]),
    );
    return rows.length > 0;
  }

  /**
   * Takes one use of the invite if it is still usable; its id, else null. One statement: the
   * row lock makes concurrent registrations with the same invite queue, and each re-checks the
   * uses left, so an invite with N uses lets exactly N through.
   */
  async takeUse(tokenHash: string): Promise<string | null> {
    const rows = returnedRows<{ id: string }>(
      await this.invites.query(
        `UPDATE invites SET uses = uses + 1 WHERE token_hash = $1 AND ${USABLE} RETURNING id`,
        [tokenHash],
      ),
    );
    return rows[0]?.id ?? null;
  }

  /** Gives back a use taken by a registration that then failed (e.g. the username was taken). */
  async returnUse(id: string): Promise<void> {
    await this.invites.query(`UPDATE invites SET uses = uses - 1 WHERE id = $1 AND uses > 0`, [id]);
  }

  /** Invites not revoked and not expired, newest first; those of `createdBy` only if given. */
  listActive(createdBy?: string): Promise<InviteEntity[]> {
    return this.invites.find({
      where: {
        revokedAt: IsNull(),
        expiresAt: MoreThan(new Date()),
        ...(createdBy ? { createdBy } : {}),
      },
      order: { createdAt: 'DESC' },
      take: 200,
    });
  }

  /** Revokes the invite unless it already was; true when this call revoked it. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.invites.update(
      { id, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }
}
