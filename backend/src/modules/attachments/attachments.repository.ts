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

  /**
   * How messages use this file: `sent` when a message names it, `live` when one of those is
   * not deleted. The messages module owns that table; this reads its `attachment_ids` through
   * the GIN index made for it (messages_attachments_idx, hence the `<> '{}'`).
   */
  async usage(id: string): Promise<{ sent: boolean; live: boolean }> {
    const [row] = await this.rows.query<{ sent: boolean; live: boolean }[]>(
      `SELECT count(*) > 0 AS sent, coalesce(bool_or(deleted_at IS NULL), false) AS live
         FROM messages
        WHERE attachment_ids <> '{}' AND attachment_ids @> ARRAY[$1]::uuid[]`,
      [id],
    );
    return row;
  }

  /** Bytes a person's attachments take (sent or not, until they are collected). */
  async bytesOf(uploaderId: string): Promise<number> {
    const [row] = await this.rows.query<{ bytes: string }[]>(
      `SELECT coalesce(sum(size), 0)::bigint AS bytes FROM attachments WHERE uploader_id = $1`,
      [uploaderId],
    );
    return Number(row.bytes);
  }

  /**
   * Files nobody can download any more, oldest first: every message that named them is
   * deleted, or none ever did and they are older than `orphanCutoff`.
   */
  collectable(
    orphanCutoff: Date,
    limit: number,
  ): Promise<Pick<AttachmentEntity, 'id' | 'storageKey' | 'thumbnailKey'>[]> {
    return this.rows.query(
      `SELECT a.id, a.storage_key AS "storageKey", a.thumbnail_key AS "thumbnailKey"
         FROM attachments a
        WHERE NOT EXISTS (SELECT 1 FROM messages m
                           WHERE m.attachment_ids <> '{}' AND m.attachment_ids @> ARRAY[a.id]
                             AND m.deleted_at IS NULL)
          AND (a.created_at < $1
               OR EXISTS (SELECT 1 FROM messages m
                           WHERE m.attachment_ids <> '{}' AND m.attachment_ids @> ARRAY[a.id]))
        ORDER BY a.created_at
        LIMIT $2`,
      [orphanCutoff, limit],
    );
  }

  /** Of these attachments, the ones no message carries any more (retention deleted theirs). */
  unreferenced(
    ids: string[],
  ): Promise<Pick<AttachmentEntity, 'id' | 'storageKey' | 'thumbnailKey'>[]> {
    return this.rows.query(
      `SELECT a.id, a.storage_key AS "storageKey", a.thumbnail_key AS "thumbnailKey"
         FROM attachments a
        WHERE a.id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM messages m
                           WHERE m.attachment_ids <> '{}' AND m.attachment_ids @> ARRAY[a.id])`,
      [ids],
    );
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length) await this.rows.delete({ id: In(ids) });
  }

  /** Images still `processing` that were uploaded before `before`. */
  stuckProcessing(before: Date, limit: number): Promise<AttachmentEntity[]> {
    return this.rows
      .createQueryBuilder('a')
      .where(`a.status = 'processing' AND a.created_at < :before`, { before })
      .orderBy('a.created_at')
      .limit(limit)
      .getMany();
  }
}
