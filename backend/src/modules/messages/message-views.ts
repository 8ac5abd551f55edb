import { Injectable } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import type { UserDto } from '../users/dto/user.dto';
import { deletedUserDto } from '../users/users.mapper';
import { UsersService } from '../users/users.service';
import type { MessageDto, ThreadSummaryDto } from './dto/message.dto';
import type { MessageEntity } from './message.entity';
import { toMessageDto } from './messages.mapper';
import type { ReactionDto } from './reactions/dto/reaction.dto';
import { ReactionsService } from './reactions/reactions.service';
import { ThreadsRepository, toThreadSummary } from './threads/threads.repository';

/** Turns stored messages into what clients see: sender, reactions and attachments attached. */
@Injectable()
export class MessageViews {
  constructor(
    private readonly users: UsersService,
    private readonly reactions: ReactionsService,
    private readonly attachments: AttachmentsService,
    private readonly threads: ThreadsRepository,
  ) {}

  /** A message just written: it has no reactions yet, so none are asked for. */
  async fresh(row: MessageEntity): Promise<MessageDto> {
    const message = toMessageDto(row, await this.users.getProfile(row.senderId));
    await this.withAttachments([row], [message]);
    return message;
  }

  /**
   * Messages kept in memory, with their senders' profiles as they are now (a profile change
   * reaches every process's profile cache; the kept copies are not changed).
   */
  async withCurrentSenders(messages: MessageDto[]): Promise<MessageDto[]> {
    const ids = [...new Set(messages.map((m) => m.sender.id))];
    const byId = new Map((await this.users.getProfiles(ids)).map((u) => [u.id, u]));
    return messages.map((m) => ({
      ...m,
      sender: byId.get(m.sender.id) ?? deletedUserDto(m.sender.id),
    }));
  }

  /**
   * `read`: the reactions and thread summaries, by message id, when the rows' query already read
   * them (a page); otherwise one query each.
   */
  async of(
    rows: MessageEntity[],
    read?: { reactions: Map<string, ReactionDto[]>; threads: Map<string, ThreadSummaryDto> },
  ): Promise<MessageDto[]> {
    const users = await this.users.getProfiles([...new Set(rows.map((r) => r.senderId))]);
    const byId = new Map<string, UserDto>(users.map((u) => [u.id, u]));
    const dtos = rows.map((r) =>
      toMessageDto(r, byId.get(r.senderId) ?? deletedUserDto(r.senderId)),
    );
    if (read) {
      for (const dto of dtos) {
        dto.reactions = read.reactions.get(dto.id) ?? [];
        dto.thread = read.threads.get(dto.id) ?? null;
      }
    } else {
      await Promise.all([this.withReactions(dtos), this.withThreads(dtos)]);
    }
    await this.withAttachments(rows, dtos);
    return dtos;
  }

  /** One query for the roots among them; thread replies and system lines have no thread. */
  private async withThreads(dtos: MessageDto[]): Promise<void> {
    const ids = dtos.filter((m) => m.kind !== 'system' && !m.threadRootId).map((m) => m.id);
    for (const row of await this.threads.summaries(ids)) {
      const dto = dtos.find((m) => m.id === row.root_id);
      if (dto) dto.thread = toThreadSummary(row);
    }
  }

  /** One query for every attachment on the page; skipped when no message has any. */
  private async withAttachments(rows: MessageEntity[], dtos: MessageDto[]): Promise<void> {
    const ids = rows.flatMap((r) => (r.deletedAt ? [] : (r.attachmentIds ?? [])));
    if (ids.length === 0) return;
    const byId = new Map((await this.attachments.describe(ids)).map((a) => [a.id, a]));
    rows.forEach((row, i) => {
      if (row.deletedAt) return;
      dtos[i].attachments = (row.attachmentIds ?? []).flatMap((id) => byId.get(id) ?? []);
    });
  }

  /** One query for the page; deleted and system messages carry none, so they are not asked for. */
  private async withReactions(dtos: MessageDto[]): Promise<void> {
    const ids = dtos.filter((m) => m.kind !== 'system' && !m.deletedAt).map((m) => m.id);
    if (ids.length === 0) return;
    const byMessage = await this.reactions.forMessages(ids);
    for (const dto of dtos) dto.reactions = byMessage.get(dto.id) ?? [];
  }
}
