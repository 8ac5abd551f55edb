import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import type { AccessChange, ServerRole } from './server-role';
import { UserEntity } from './user.entity';

/**
 * Serialises what decides who the admins are: the first person's registration and changes
 * that could leave the workspace without an active admin. Any constant key will do; this one
 * spells "adminlock".
 */
const ADMINS_LOCK = 0x61646d696e6c6f63n;

export type AccessChangeOutcome =
  | { outcome: 'changed'; before: UserEntity; after: UserEntity }
  | { outcome: 'not-found' }
  | { outcome: 'last-admin' }
  | { outcome: 'bot-admin' };

export type EraseOutcome = 'erased' | 'not-found' | 'last-admin';

const isActiveAdmin = (u: { serverRole: ServerRole; deactivatedAt: Date | null }) =>
  u.serverRole === 'admin' && u.deactivatedAt === null;

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
   * Creates a person's account; the first person on a server without people (bots do not count)
   * becomes its admin. Once a person exists that never changes, so only the first registrations
   * take the lock, which makes two of them at once produce exactly one admin.
   */
  async insertPerson(
    user: Pick<UserEntity, 'username' | 'displayName' | 'passwordHash'>,
  ): Promise<{ user: UserEntity; bootstrapAdmin: boolean }> {
    const member = { ...user, isBot: false, serverRole: 'member' as const };
    if (await this.anyPerson(this.users.manager)) {
      return { user: await this.insert(member), bootstrapAdmin: false };
    }
    return this.users.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMINS_LOCK.toString()]);
      const bootstrapAdmin = !(await this.anyPerson(manager));
      const created = await this.insert(
        { ...member, serverRole: bootstrapAdmin ? 'admin' : 'member' },
        manager,
      );
      return { user: created, bootstrapAdmin };
    });
  }

  private async anyPerson(manager: EntityManager): Promise<boolean> {
    // Widget visitors (guests) are not people of the workspace: the first to register still leads.
    return manager.getRepository(UserEntity).exists({
      where: { isBot: false, serverRole: Not('guest') },
      withDeleted: true,
    });
  }

  /**
   * Applies a role or deactivation change unless it would leave no active admin (a person,
   * not deactivated): under the admins lock, so two admins demoting each other at once cannot
   * both succeed.
   */
  changeAccess(id: string, change: AccessChange): Promise<AccessChangeOutcome> {
    return this.users.manager.transaction(async (manager): Promise<AccessChangeOutcome> => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMINS_LOCK.toString()]);
      const repo = manager.getRepository(UserEntity);
      const before = await repo.findOneBy({ id, deletedAt: IsNull() });
      if (!before) return { outcome: 'not-found' };
      // Bots act on people's messages; a bot with the admin role would be a hole.
      if (before.isBot && change.serverRole === 'admin') return { outcome: 'bot-admin' };
      const next = {
        serverRole: change.serverRole ?? before.serverRole,
        support: change.support ?? before.support,
        deactivatedAt:
          change.deactivated === undefined
            ? before.deactivatedAt
            : change.deactivated
              ? (before.deactivatedAt ?? new Date())
              : null,
      };
      if (isActiveAdmin(before) && !isActiveAdmin(next)) {
        const others = await repo
          .createQueryBuilder('u')
          .where('u.id <> :id', { id })
          .andWhere("u.server_role = 'admin'")
          .andWhere('u.deactivated_at IS NULL AND u.deleted_at IS NULL AND NOT u.is_bot')
          .getExists();
        if (!others) return { outcome: 'last-admin' };
      }
      await repo.update({ id }, next);
      return { outcome: 'changed', before, after: await repo.findOneByOrFail({ id }) };
    });
  }

  /**
   * Erases a person's profile and marks the account deleted, unless they are the last active
   * admin (under the admins lock, as for `changeAccess`). The row stays, so their messages keep
   * an author; the username stays taken until `freeUsername`.
   */
  eraseAccount(id: string): Promise<EraseOutcome> {
    return this.users.manager.transaction(async (manager): Promise<EraseOutcome> => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMINS_LOCK.toString()]);
      const repo = manager.getRepository(UserEntity);
      const user = await repo.findOneBy({ id, deletedAt: IsNull(), isBot: false });
      if (!user) return 'not-found';
      if (isActiveAdmin(user) && !(await this.otherActiveAdmin(manager, id))) return 'last-admin';
      await repo.update(
        { id },
        {
          displayName: 'Deleted user',
          avatarUrl: null,
          email: null,
          emailVerifiedAt: null,
          passwordHash: null,
          lastSeenAt: null,
          deletedAt: new Date(),
        },
      );
      return 'erased';
    });
  }

  /** Whether the user is an active admin and no other active admin exists. */
  async isLastActiveAdmin(id: string): Promise<boolean> {
    const user = await this.findById(id);
    return (
      user !== null && isActiveAdmin(user) && !(await this.otherActiveAdmin(this.users.manager, id))
    );
  }

  private otherActiveAdmin(manager: EntityManager, id: string): Promise<boolean> {
    return manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.id <> :id', { id })
      .andWhere("u.server_role = 'admin'")
      .andWhere('u.deactivated_at IS NULL AND u.deleted_at IS NULL AND NOT u.is_bot')
      .getExists();
  }

  /**
   * Gives a deleted account a username no one can register (`~` is not a username character),
   * so its old name is free again; whether it did.
   */
  async freeUsername(id: string): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update()
      .set({ username: () => "'~' || left(replace(id::text, '-', ''), 31)" })
      .where("id = :id AND deleted_at IS NOT NULL AND username NOT LIKE '~%'", { id })
      .execute();
    return (result.affected ?? 0) > 0;
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

  /**
   * The account a sign-in name or a verified email address names (for a password reset);
   * an address verified on two accounts names neither.
   */
  async findByLogin(login: string): Promise<UserEntity | null> {
    if (!login.includes('@')) return this.findByUsername(login);
    const rows = await this.users
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:login)', { login })
      .andWhere('u.email_verified_at IS NOT NULL AND u.deleted_at IS NULL')
      .limit(2)
      .getMany();
    return rows.length === 1 ? rows[0] : null;
  }

  /** Marks the address verified if it is still the user's; whether it was. */
  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update()
      .set({ emailVerifiedAt: () => 'now()' })
      .where('id = :id AND lower(email) = lower(:email) AND deleted_at IS NULL', { id, email })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Prefix search on username or display name, in username order after `afterUsername`. */
  search(prefix: string, afterUsername: string | null, limit: number): Promise<UserEntity[]> {
    const query = this.users
      .createQueryBuilder('u')
      .where('u.deleted_at IS NULL')
      .andWhere("u.server_role <> 'guest'")
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
