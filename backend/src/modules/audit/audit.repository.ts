import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuditAction } from './audit-action';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditFilter {
  action?: AuditAction;
  actorId?: string;
  /** Only events written before this `seq` (the previous page's last event). */
  beforeSeq?: string;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
  ) {}

  async insert(event: Omit<AuditEventEntity, 'id' | 'seq' | 'at'>): Promise<void> {
    await this.events.save(this.events.create(event));
  }

  /** Newest first, by `seq`, which its index serves in reverse. */
  list(filter: AuditFilter): Promise<AuditEventEntity[]> {
    const query = this.events.createQueryBuilder('e').orderBy('e.seq', 'DESC').limit(filter.limit);
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.actorId) query.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.beforeSeq) query.andWhere('e.seq < :seq', { seq: filter.beforeSeq });
    return query.getMany();
  }
}
