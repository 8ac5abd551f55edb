import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { MessageEntity } from '../message.entity';
import { MessageText } from '../message-text';
import type { LinkPreviewDto } from './link-preview.dto';
import { LinkPreviewEntity } from './link-preview.entity';

const urlHash = (url: string) => createHash('sha256').update(url).digest('hex');

/** The preview cache, and the preview column of `messages` (written only by the worker). */
@Injectable()
export class LinkPreviewsRepository {
  constructor(
    @InjectRepository(LinkPreviewEntity) private readonly cache: Repository<LinkPreviewEntity>,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    private readonly text: MessageText,
  ) {}

  cached(url: string): Promise<LinkPreviewEntity | null> {
    return this.cache.findOneBy({ urlHash: urlHash(url) });
  }

  async remember(url: string, data: LinkPreviewDto | null): Promise<void> {
    await this.cache.upsert(
      {
        urlHash: urlHash(url),
        url,
        data,
        status: data ? 'ready' : 'failed',
        fetchedAt: new Date(),
      },
      ['urlHash'],
    );
  }

  async prune(fetchedBefore: Date): Promise<void> {
    await this.cache.delete({ fetchedAt: LessThan(fetchedBefore) });
  }

  /** What decides whether the message still wants this preview. */
  async message(
    id: string,
  ): Promise<Pick<MessageEntity, 'body' | 'kind' | 'editedAt' | 'senderId'> | null> {
    const row = await this.messages.findOne({
      where: { id },
      select: {
        id: true,
        conversationId: true,
        body: true,
        kind: true,
        editedAt: true,
        senderId: true,
      },
    });
    return row && this.text.open(row);
  }

  /**
   * Sets the preview unless the message was deleted or edited since the job read it (an edit
   * queues its own job). True when it was set.
   */
  async attach(
    messageId: string,
    editedAt: Date | null,
    preview: LinkPreviewDto,
  ): Promise<boolean> {
    const result = await this.messages
      .createQueryBuilder()
      .update()
      .set({ linkPreview: preview })
      .where('id = :id AND deleted_at IS NULL AND edited_at IS NOT DISTINCT FROM :editedAt', {
        id: messageId,
        editedAt,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
