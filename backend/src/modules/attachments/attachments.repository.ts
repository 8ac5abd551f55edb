import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AttachmentEntity } from './attachment.entity';

@Injectable()
export class AttachmentsRepository {
  constructor(
    @InjectRepository(AttachmentEntity) private readonly rows: Repository<AttachmentEntity>,
  ) {}

  async insert(row: Omit<AttachmentEntity, 'createdAt'>): Promise<AttachmentEntity> {
    return this.rows.save(this.rows.create(row));
  }

  findById(id: string): Promise<AttachmentEntity | null> {
    return this.rows.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<AttachmentEntity[]> {
    return ids.length ? this.rows.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  async update(
    id: string,
    changes: Partial<Pick<AttachmentEntity, 'status' | 'width' | 'height' | 'thumbnailKey'>>,
  ): Promise<AttachmentEntity | null> {
    await this.rows.update({ id }, changes);
    return this.findById(id);
  }
}
