import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { UserEntity } from './user.entity';

/** Escapes LIKE wildcards so user input only ever matches literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id, deletedAt: IsNull() });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.findBy({ id: In(ids), deletedAt: IsNull() });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .where('lower(u.username) = lower(:username)', { username })
      .andWhere('u.deleted_at IS NULL')
      .getOne();
  }

  insert(user: Partial<UserEntity>, manager?: EntityManager): Promise<UserEntity> {
    const repo = manager ? manager.getRepository(UserEntity) : this.users;
    return repo.save(repo.create(user));
  }

  /**
   * Creates or refreshes a bot's account. An existing person who took the name first keeps
   * it: nothing is returned then.
   */
  async upsertBot(bot: {
    username: string;
    displayName: string;
    avatarUrl: string;
  }): Promise<UserEntity | null> {
    const rows = returnedRows<{ id: string }>(
      await this.users.query(
        `INSERT INTO users (username, display_name, avatar_url, is_bot)
       VALUES ($1, $2, $3, true)
       ON CONFLICT (lower(username)) DO UPDATE
          SET display_name = EXCLUDED.display_name, avatar_url = EXCLUDED.avatar_url
        WHERE users.is_bot AND users.deleted_at IS NULL
       RETURNING id`,
        [bot.username, bot.displayName, bot.avatarUrl],
      ),
    );
    return rows.length > 0 ? this.findById(rows[0].id) : null;
  }

  async recordLastSeen(id: string, at: Date): Promise<void> {
    await this.users.update({ id }, { lastSeenAt: at });
  }

  async update(id: string, changes: Partial<UserEntity>): Promise<UserEntity | null> {
    await this.users.update({ id, deletedAt: IsNull() }, changes);
    return this.findById(id);
  }

  /** Prefix search on username or display name, in username order after `afterUsername`. */
  search(prefix: string, afterUsername: string | null, limit: number): Promise<UserEntity[]> {
    const query = this.users
      .createQueryBuilder('u')
      .where('u.deleted_at IS NULL')
      .orderBy('u.username', 'ASC')
      .limit(limit);
    if (prefix) {
      const pattern = `${escapeLike(prefix.toLowerCase())}%`;
      query.andWhere('(u.username LIKE :pattern OR lower(u.display_name) LIKE :pattern)', {
        pattern,
      });
    }
    if (afterUsername) query.andWhere('u.username > :after', { after: afterUsername });
    return query.getMany();
  }
}
