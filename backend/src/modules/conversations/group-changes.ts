import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MessagesService } from '../messages/messages.service';
import type { SystemEvent } from '../messages/system-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import type { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { ConversationsRepository } from './conversations.repository';
import { describeSystemEvent } from './system-lines';

/** A system message written in a group change's transaction, announced once it committed. */
export interface SystemLine {
  id: string;
  seq: number;
}

/**
 * What every change to a group does besides the change itself: a system line that commits
 * with it, the line's announcement to the room, and moving the sockets of who left.
 */
@Injectable()
export class GroupChanges {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersService,
    private readonly messages: MessagesService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** People by id, for the lines that name them (a missing account reads "Deleted user"). */
  async people(userIds: string[]): Promise<Map<string, UserDto>> {
    const users = await this.users.getUsersByIds([...new Set(userIds)]);
    return new Map(users.map((u) => [u.id, u]));
  }

  /** Writes a system message in the caller's transaction; it commits with the change. */
  record(
    manager: EntityManager,
    conversationId: string,
    people: Map<string, UserDto>,
    event: SystemEvent,
  ): Promise<SystemLine> {
    const nameOf = (id: string) => people.get(id)?.displayName ?? 'Deleted user';
    const named = [event.actorId, ...(event.userIds ?? [])];
    return this.conversations.appendSystemMessage(manager, {
      conversationId,
      actorId: event.actorId,
      body: describeSystemEvent(event, nameOf),
      event: { ...event, names: Object.fromEntries(named.map((id) => [id, nameOf(id)])) },
    });
  }

  /** System lines go to the room, like any message: members apply them to their summary. */
  announceLines(lines: SystemLine[]): Promise<void> {
    return this.messages.announceCommitted(lines.map((line) => line.id));
  }

  /** Takes a removed (or leaving) user's sockets out of the room and tells them. */
  announceRemoval(conversationId: string, userId: string): void {
    this.realtime.leaveConversation(userId, conversationId);
    this.realtime.toUser(userId, SocketEvent.ConversationRemoved, { conversationId });
  }
}
