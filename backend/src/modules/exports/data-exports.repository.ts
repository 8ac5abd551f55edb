import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AtRestEncryption } from '../../common/encryption/at-rest-encryption';
import { tryOpenMessageText } from '../../common/encryption/message-body';
import { DataExportEntity } from './data-export.entity';

/** A conversation as the export lists it: its metadata and the person's place in it. */
export interface ExportedConversation {
  id: string;
  type: string;
  title: string | null;
  topic: string | null;
  createdAt: Date;
  archivedAt: Date | null;
  role: string;
  joinedAt: Date;
  memberCount: number;
  /** For a direct conversation: the other person's username. */
  directWith: string | null;
}

export interface ExportedMessage {
  id: string;
  conversationId: string;
  seq: string;
  kind: string;
  status: string;
  body: string | null;
  replyToId: string | null;
  threadRootId: string | null;
  attachmentIds: string[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

/** Keyset position in a person's messages: created_at as Postgres text keeps the microseconds. */
export interface MessageCursor {
  createdAt: string;
  id: string;
}

export interface ExportedFile {
  id: string;
  conversationId: string;
  name: string;
  mimeType: string;
  size: string;
  storageKey: string;
  createdAt: Date;
}

/**
 * The `data_exports` rows, and the read-only queries that gather one person's data for the
 * archive. Those read other modules' tables directly on purpose: the export is a snapshot of
 * rows as stored, paged by author with their own indexes, which no module's service offers.
 */
@Injectable()
export class DataExportsRepository {
  constructor(
    @InjectRepository(DataExportEntity) private readonly rows: Repository<DataExportEntity>,
    private readonly dataSource: DataSource,
    private readonly encryption: AtRestEncryption,
  ) {}

  /** A message with its text readable (encryption at rest); one that does not decrypt: null. */
  private readable(message: ExportedMessage): ExportedMessage {
    if (!this.encryption.enabled || message.body === null) return message;
    return {
      ...message,
      body: tryOpenMessageText(this.encryption.ring, message.body, message.conversationId),
    };
  }

  /** A new running export, or null when one is already running for this person. */
  async insertRunning(userId: string): Promise<DataExportEntity | null> {
    const inserted = await this.rows
      .createQueryBuilder()
      .insert()
      .values({ userId })
      .orIgnore()
      .returning('*')
      .execute();
    const id = (inserted.raw as { id: string }[])[0]?.id;
    return id ? this.rows.findOneBy({ id }) : null;
  }

  latest(userId: string): Promise<DataExportEntity | null> {
    return this.rows.findOne({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  findById(id: string): Promise<DataExportEntity | null> {
    return this.rows.findOneBy({ id });
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.rows.update({ id, status: 'running' }, { progress });
  }

  async markReady(
    id: string,
    ready: { storageKey: string; size: number; tokenHash: string; expiresAt: Date },
  ): Promise<void> {
    await this.rows.update(
      { id },
      {
        status: 'ready',
        progress: 100,
        storageKey: ready.storageKey,
        size: String(ready.size),
        tokenHash: ready.tokenHash,
        finishedAt: new Date(),
        expiresAt: ready.expiresAt,
      },
    );
  }

  async markFailed(id: string): Promise<void> {
    await this.rows.update({ id, status: 'running' }, { status: 'failed', finishedAt: new Date() });
  }

  /** Ready exports past their expiry, oldest first. */
  due(limit: number): Promise<DataExportEntity[]> {
    return this.rows
      .createQueryBuilder('e')
      .where(`e.status = 'ready'`)
      .andWhere('e.expires_at <= now()')
      .orderBy('e.expires_at')
      .limit(limit)
      .getMany();
  }

  /** The person's other ready exports: a newer one replaces them. */
  readyOthers(userId: string, exceptId: string): Promise<DataExportEntity[]> {
    return this.rows
      .createQueryBuilder('e')
      .where('e.user_id = :userId', { userId })
      .andWhere(`e.status = 'ready'`)
      .andWhere('e.id <> :exceptId', { exceptId })
      .getMany();
  }

  async markExpired(id: string): Promise<void> {
    await this.rows.update({ id, status: 'ready' }, { status: 'expired', tokenHash: null });
  }

  /** Test and operator hook: makes an export due now. */
  async expireNow(id: string): Promise<void> {
    await this.rows.update({ id }, { expiresAt: new Date() });
  }

  conversationsOf(userId: string): Promise<ExportedConversation[]> {
    return this.dataSource.query(
      `SELECT c.id, c.type, c.title, c.topic, c.created_at AS "createdAt",
              c.archived_at AS "archivedAt", m.role, m.joined_at AS "joinedAt",
              (SELECT count(*)::int FROM conversation_members x
                WHERE x.conversation_id = c.id) AS "memberCount",
              CASE WHEN c.type = 'direct' THEN
                (SELECT u.username FROM conversation_members o JOIN users u ON u.id = o.user_id
                  WHERE o.conversation_id = c.id AND o.user_id <> $1 LIMIT 1)
              END AS "directWith"
         FROM conversation_members m
         JOIN conversations c ON c.id = m.conversation_id
        WHERE m.user_id = $1
        ORDER BY m.joined_at, c.id`,
      [userId],
    );
  }

  async countMessages(userId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM messages WHERE sender_id = $1`,
      [userId],
    );
    return row.n;
  }

  /** One page of the person's messages, oldest first (index messages_sender_created_idx). */
  async messagesOf(
    userId: string,
    after: MessageCursor | null,
    limit: number,
  ): Promise<{ items: ExportedMessage[]; next: MessageCursor | null }> {
    const rows = await this.dataSource.query<(ExportedMessage & { cursor: string })[]>(
      `SELECT id, conversation_id AS "conversationId", seq::text AS seq, kind, status, body,
              reply_to_id AS "replyToId", thread_root_id AS "threadRootId",
              attachment_ids AS "attachmentIds", created_at AS "createdAt",
              edited_at AS "editedAt", deleted_at AS "deletedAt", created_at::text AS cursor
         FROM messages
        WHERE sender_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id
        LIMIT $4`,
      [userId, after?.createdAt ?? null, after?.id ?? null, limit],
    );
    const last = rows.at(-1);
    const items = rows.map(({ cursor: _cursor, ...message }) => this.readable(message));
    return {
      items,
      next: rows.length === limit && last ? { createdAt: last.cursor, id: last.id } : null,
    };
  }

  /** The files the person uploaded (index attachments_uploader_idx), after `afterId`. */
  filesOf(userId: string, afterId: string | null, limit: number): Promise<ExportedFile[]> {
    return this.dataSource.query(
      `SELECT id, conversation_id AS "conversationId", name, mime_type AS "mimeType",
              size::text AS size, storage_key AS "storageKey", created_at AS "createdAt"
         FROM attachments
        WHERE uploader_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id
        LIMIT $3`,
      [userId, afterId, limit],
    );
  }

  async countFiles(userId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM attachments WHERE uploader_id = $1`,
      [userId],
    );
    return row.n;
  }
}
