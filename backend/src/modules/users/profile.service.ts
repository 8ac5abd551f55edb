import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { AccountsService } from '../accounts/accounts.service';
import { AvatarsService } from '../attachments/avatars/avatars.service';
import { ConversationsService } from '../conversations/conversations.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import type { MeDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

/**
 * Profile changes and who hears of them. Apart from the users module because telling people
 * needs the user's conversations, and the conversations module already depends on users.
 */
@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly conversations: ConversationsService,
    private readonly realtime: RealtimePublisher,
    private readonly avatars: AvatarsService,
    private readonly accounts: AccountsService,
  ) {}

  /**
   * PATCH /users/me: the public profile (see `update`) and the email address, which is not
   * public and is mailed a verification link when it changes.
   */
  async updateMe(userId: string, changes: UpdateProfileDto): Promise<MeDto> {
    const { email, ...profile } = changes;
    if (profile.displayName !== undefined || profile.avatarUrl !== undefined) {
      await this.update(userId, profile);
    }
    if (email !== undefined) await this.accounts.changeEmail(userId, email);
    return this.users.getMe(userId);
  }

  /** Stores the uploaded photo, points the avatar at it (`user:updated`), drops the old one. */
  async setAvatar(userId: string, req: IncomingMessage): Promise<UserDto> {
    const previous = (await this.users.getProfile(userId)).avatarUrl;
    const avatarUrl = await this.avatars.store(userId, req);
    const user = await this.update(userId, { avatarUrl });
    await this.avatars.removeByUrl(previous).catch(() => undefined);
    return user;
  }

  /**
   * Saves the change, then sends `user:updated` once to every socket that shares a
   * conversation with the user, and to the user's own sockets, so names and avatars update live.
   */
  async update(userId: string, changes: UpdateProfileDto): Promise<UserDto> {
    const user = await this.users.updateProfile(userId, changes);
    const conversationIds = await this.conversations.conversationIdsOf(userId);
    this.realtime.toConversations(conversationIds, SocketEvent.UserUpdated, user, [userId]);
    return user;
  }
}
