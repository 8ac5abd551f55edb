import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { SessionEntity } from './session.entity';

/** How long sessions live, in days (SESSION_IDLE_DAYS, SESSION_MAX_DAYS). */
export interface SessionLifetimes {
  idleDays: number;
  maxDays: number;
}

/** Where a sign-in or refresh came from. */
export interface SessionClient {
  userAgent: string | null;
  ip: string | null;
}

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
  ) {}

  /** Distinct people with a session used within the last hour, day and week. */
  async activeUsers(): Promise<{ '1h': number; '1d': number; '7d': number }> {
    const [row] = returnedRows<{ h: number; d: number; w: number }>(
      await this.sessions.query(
        `SELECT count(DISTINCT user_id) FILTER (WHERE last_used_at > now() - interval '1 hour')::int AS h,
              count(DISTINCT user_id) FILTER (WHERE last_used_at > now() - interval '1 day')::int AS d,
              count(DISTINCT user_id)::int AS w
         FROM sessions WHERE last_used_at > now() - interval '7 days'`,
      ),
    );
    return { '1h': row.h, '1d': row.d, '7d': row.w };
  }

  async insert(id: string, userId: string, client: SessionClient): Promise<void> {
    await this.sessions.insert({
      id,
      userId,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
    });
  }

  /**
   * Records a refresh if the session is within both lifetimes; false when it has lived out
   * one of them (or never had a row). Runs in the refresh's transaction.
   */
  async touch(
    manager: EntityManager,
    id: string,
    ip: string | null,
    lifetimes: SessionLifetimes,
  ): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE sessions SET last_used_at = now(), ip = COALESCE($2, ip)
          WHERE id = $1
            AND last_used_at > now() - make_interval(days => $3)
            AND created_at > now() - make_interval(days => $4)
        RETURNING id`,
        [id, ip?.slice(0, 64) ?? null, lifetimes.idleDays, lifetimes.maxDays],
      ),
    );
    return rows.length > 0;
  }

  /** The user's sessions still open: not revoked and within both lifetimes, newest use first. */
  listOpen(userId: string, lifetimes: SessionLifetimes): Promise<SessionEntity[]> {
    return this.sessions
      .createQueryBuilder('s')
      .where('s.user_id = :userId', { userId })
      .andWhere('s.last_used_at > now() - make_interval(days => :idle)', {
        idle: lifetimes.idleDays,
      })
      .andWhere('s.created_at > now() - make_interval(days => :max)', { max: lifetimes.maxDays })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM refresh_tokens t
                      WHERE t.family_id = s.id AND t.revoked_at IS NOT NULL)`,
      )
      .orderBy('s.last_used_at', 'DESC')
      .getMany();
  }

  async belongsTo(id: string, userId: string): Promise<boolean> {
    return this.sessions.exists({ where: { id, userId } });
  }
}
