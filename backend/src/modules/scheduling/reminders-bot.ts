import { Injectable } from '@nestjs/common';
import { avatar } from '../bot/bot-catalog';
import { UsersService } from '../users/users.service';

/**
 * The built-in `reminders` bot: a bot user that only writes reminders. It is not one of the
 * offered bots (`GET /bots`, BOTS), so nothing it is sent asks it for a reply.
 */
export const REMINDERS_BOT = {
  username: 'reminders',
  displayName: 'Reminders',
  avatarUrl: avatar('#f57c00', 'R'),
};

@Injectable()
export class RemindersBot {
  private userId: string | null = null;

  constructor(private readonly users: UsersService) {}

  /** Its user id, seeded on first use (idempotent); null when a person has that username. */
  async id(): Promise<string | null> {
    this.userId ??= (await this.users.upsertBot(REMINDERS_BOT))?.id ?? null;
    return this.userId;
  }
}
