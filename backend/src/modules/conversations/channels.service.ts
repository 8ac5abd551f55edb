import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { cursorText, invalidCursor, isCursorUuid } from '../../common/cursor';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import { UsersService } from '../users/users.service';
import { WorkspaceSettingsService } from '../workspace/workspace-settings.service';
import { CONVERSATION_NOT_FOUND, ConversationAccess } from './access/conversation-access.service';
import { ChannelsRepository } from './channels.repository';
import { ConversationSummariesService } from './conversation-summaries.service';
import { ConversationsRepository } from './conversations.repository';
import type { ListChannelsQuery, RenameConversationDto } from './dto/conversation-input.dto';
import type { ChannelPageDto, ConversationSummaryDto } from './dto/conversation.dto';
import { GroupChanges } from './group-changes';
import { GroupLifeService } from './group-life.service';
import { requireConversation, requireGroup, requireOwnerOrAdmin } from './group-rules';

const DEFAULT_PAGE_SIZE = 30;
const GUESTS_REFUSED = 'guests cannot use channels';

/** A browse page ends at (lower(title), id): opaque to clients. */
const encodeCursor = (row: { sort_title: string; id: string }) =>
  Buffer.from(JSON.stringify([row.sort_title, row.id])).toString('base64url');

function decodeCursor(cursor: string): { title: string; id: string } {
  try {
    const [title, id] = JSON.parse(cursorText(cursor)) as unknown[];
    if (typeof title === 'string' && !title.includes('\0') && isCursorUuid(id)) {
      return { title, id };
    }
  } catch {
    // Falls through to the same 400 as a well-formed cursor with the wrong content.
  }
  throw invalidCursor();
}

/**
 * Channels: conversations that every person in the workspace (never a guest) can find and join.
 * Browsing shows a channel's title, topic and member count, never its messages: everything
 * else about it still reaches members only. Archiving makes a group or channel read-only.
 */
@Injectable()
export class ChannelsService {
  constructor(
    private readonly channels: ChannelsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersService,
    private readonly settings: WorkspaceSettingsService,
    private readonly access: ConversationAccess,
    private readonly summaries: ConversationSummariesService,
    private readonly changes: GroupChanges,
    private readonly groups: GroupLifeService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** A new channel owned by its creator: admins, and members while `membersCanCreateChannels`. */
  async create(callerId: string, title: string, topic?: string): Promise<ConversationSummaryDto> {
    const caller = await this.users.getProfile(callerId);
    if (caller.serverRole === 'guest') throw new ForbiddenException(GUESTS_REFUSED);
    if (caller.serverRole !== 'admin' && !(await this.settings.get()).membersCanCreateChannels) {
      throw new ForbiddenException('only admins can create channels in this workspace');
    }
    const people = await this.changes.people([callerId]);
    const { conversation, line } = await this.conversations.transaction(async (manager) => {
      const created = await this.conversations.create(
        manager,
        { type: 'channel', title, topic: topic || null, createdBy: callerId },
        [{ userId: callerId, role: 'owner' }],
      );
      const first = await this.changes.record(manager, created.id, people, {
        action: 'channel_created',
        actorId: callerId,
        title,
      });
      return { conversation: created, line: first };
    });
    this.realtime.joinConversation(callerId, conversation.id);
    const summary = await this.summaries.announceToMembers(conversation.id, callerId);
    await this.changes.announceLines([line]);
    return summary;
  }

  /** Channels by title, with member counts and whether the caller is in each. */
  async browse(callerId: string, query: ListChannelsQuery): Promise<ChannelPageDto> {
    await this.requirePerson(callerId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.channels.browse(callerId, query.query, after, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        title: r.title,
        topic: r.topic,
        memberCount: Number(r.member_count),
        joined: r.joined,
        archived: r.archived,
      })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  /**
   * Joins a channel (idempotent: a member gets the summary again). Anything but an open channel
   * answers as if it did not exist, unless the caller is in it; an archived one refuses (403).
   * The joiner's sockets move into the room on every instance and the room gets the line.
   */
  async join(conversationId: string, callerId: string): Promise<ConversationSummaryDto> {
    if (await this.access.roleOf(conversationId, callerId)) {
      return this.summaries.summaryFor(conversationId, callerId);
    }
    const caller = await this.users.getProfile(callerId);
    const conversation = await this.conversations.findById(conversationId);
    if (!conversation || conversation.type !== 'channel' || caller.serverRole === 'guest') {
      throw new NotFoundException(CONVERSATION_NOT_FOUND);
    }
    if (conversation.archivedAt) throw new ForbiddenException('this channel is archived');
    const people = await this.changes.people([callerId]);
    const line = await this.conversations.transaction(async (manager) => {
      if (!(await this.conversations.lock(manager, conversationId))) {
        throw new NotFoundException(CONVERSATION_NOT_FOUND);
      }
      // The marker starts at the newest message; the line then moves it past the join itself.
      if (!(await this.channels.insertMember(manager, conversationId, callerId))) return null;
      return this.changes.record(manager, conversationId, people, {
        action: 'member_joined',
        actorId: callerId,
      });
    });
    this.realtime.joinConversation(callerId, conversationId);
    const [summary] = await this.summaries.summariesFor(conversationId, [callerId]);
    this.realtime.toUser(callerId, SocketEvent.ConversationUpdated, summary);
    if (line) await this.changes.announceLines([line]);
    return summary;
  }

  /** Archives or reopens a group or channel (owner or admin); `#general` stays open. */
  async setArchived(
    conversationId: string,
    callerId: string,
    archived: boolean,
  ): Promise<ConversationSummaryDto> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await requireConversation(this.conversations, conversationId);
    requireGroup(conversation, 'direct conversations cannot be archived');
    requireOwnerOrAdmin(caller.role, 'only the owner or an admin can do this');
    if (conversation.isGeneral) throw new ForbiddenException('#general cannot be archived');
    const people = await this.changes.people([callerId]);
    const line = await this.conversations.transaction(async (manager) => {
      if (!(await this.conversations.lock(manager, conversationId))) return null;
      if (!(await this.channels.setArchived(manager, conversationId, archived))) return null;
      return this.changes.record(manager, conversationId, people, {
        action: archived ? 'archived' : 'unarchived',
        actorId: callerId,
      });
    });
    if (line) await this.changes.announceLines([line]);
    return this.summaries.summaryFor(conversationId, callerId);
  }

  /** PATCH /conversations/:id: the title (groups, channels) and the topic (channels). */
  async update(
    conversationId: string,
    callerId: string,
    changes: RenameConversationDto,
  ): Promise<ConversationSummaryDto> {
    if (changes.title === undefined && changes.topic === undefined) {
      // Nothing to change: answered like any other PATCH, members only.
      await this.access.requireMember(conversationId, callerId);
      return this.summaries.summaryFor(conversationId, callerId);
    }
    if (changes.topic !== undefined) await this.setTopic(conversationId, callerId, changes.topic);
    if (changes.title !== undefined) {
      return this.groups.rename(conversationId, callerId, changes.title);
    }
    return this.summaries.summaryFor(conversationId, callerId);
  }

  private async setTopic(conversationId: string, callerId: string, topic: string): Promise<void> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await requireConversation(this.conversations, conversationId);
    if (conversation.type !== 'channel') throw new ConflictException('topic is for channels');
    requireOwnerOrAdmin(caller.role, 'only the owner or an admin can do this');
    if ((conversation.topic ?? '') === topic) return;
    const people = await this.changes.people([callerId]);
    const line = await this.conversations.transaction(async (manager) => {
      await this.channels.setTopic(manager, conversationId, topic || null);
      return this.changes.record(manager, conversationId, people, {
        action: 'topic_changed',
        actorId: callerId,
        topic,
      });
    });
    await this.changes.announceLines([line]);
  }

  private async requirePerson(userId: string): Promise<void> {
    if ((await this.users.getProfile(userId)).serverRole === 'guest') {
      throw new ForbiddenException(GUESTS_REFUSED);
    }
  }
}
