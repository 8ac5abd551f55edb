import { randomBytes } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { cursorText } from '../../common/cursor';
import type { AccessChange, ServerRole } from './server-role';
import { isUniqueViolation } from '../../database/errors';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import type { MeDto, UserDto, UserPageDto } from './dto/user.dto';
import { UserProfileCache } from './user-profile-cache';
import { deletedUserDto, toUserDto } from './users.mapper';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

const DEFAULT_PAGE_SIZE = 20;
const ONLY_ADMIN_LEAVING =
  'the only admin cannot delete their account: make someone else admin first';

/** What a person may do on this server, read fresh from the database (never cached). */
export interface UserAccess {
  serverRole: ServerRole;
  deactivated: boolean;
  isBot: boolean;
}

/** A role or deactivation change that was applied: the user before and after it. */
export interface AccessChanged {
  before: UserDto;
  after: UserDto;
}

/** A user with the password hash, for the auth module's credential check only. */
export interface UserCredentials {
  user: UserDto;
  passwordHash: string | null;
}

/** What account mail and the security settings need to know of a person. */
export interface UserAccount {
  user: UserDto;
  email: string | null;
  emailVerified: boolean;
  passwordHash: string | null;
}

const toAccount = (user: UserEntity): UserAccount => ({
  user: toUserDto(user),
  email: user.email,
  emailVerified: user.emailVerifiedAt !== null,
  passwordHash: user.passwordHash,
});

const encodeCursor = (username: string) => Buffer.from(username, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => cursorText(cursor);

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly profiles: UserProfileCache,
  ) {}

  /**
   * Creates a person's account; 409 when the username is taken in any letter case. The first
   * person on the server becomes its admin (`bootstrapAdmin`).
   */
  async createUser(input: {
    username: string;
    displayName?: string;
    /** Null for an account made by single sign-on: it has no password until one is set. */
    passwordHash: string | null;
  }): Promise<{ user: UserDto; bootstrapAdmin: boolean }> {
    try {
      const { user, bootstrapAdmin } = await this.users.insertPerson({
        username: input.username,
        displayName: input.displayName || input.username,
        passwordHash: input.passwordHash,
      });
      return { user: toUserDto(user), bootstrapAdmin };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictException('username is already taken');
      }
      throw error;
    }
  }

  /** A widget visitor's account: no password, server role `guest`, a random username. */
  async createGuest(): Promise<UserDto> {
    const username = `guest_${randomBytes(8).toString('hex')}`;
    const guest = await this.users.insert({
      username,
      displayName: 'Visitor',
      passwordHash: null,
      isBot: false,
      serverRole: 'guest',
    });
    return toUserDto(guest);
  }

  /** A bot's account, created or refreshed; null when a person already owns the username. */
  async upsertBot(bot: {
    username: string;
    displayName: string;
    avatarUrl: string;
  }): Promise<UserDto | null> {
    const user = await this.users.upsertBot(bot);
    if (!user) return null;
    await this.profiles.invalidate(user.id);
    return toUserDto(user);
  }

  /** Users with when each was last seen online (stored; presence keeps the live value). */
  async getWithLastSeen(ids: string[]): Promise<{ user: UserDto; lastSeenAt: Date | null }[]> {
    return (await this.users.findByIds(ids)).map((u) => ({
      user: toUserDto(u),
      lastSeenAt: u.lastSeenAt,
    }));
  }

  recordLastSeen(id: string, at: Date): Promise<void> {
    return this.users.recordLastSeen(id, at);
  }

  async findCredentials(username: string): Promise<UserCredentials | null> {
    const user = await this.users.findByUsername(username);
    return user ? { user: toUserDto(user), passwordHash: user.passwordHash } : null;
  }

  /** The signed-in person's own profile, with what only they (and admins) see. */
  async getMe(id: string): Promise<MeDto> {
    const { user, email, emailVerified } = await this.getAccount(id);
    return { ...user, email, emailVerified };
  }

  /** 404 when there is no such user. */
  async getAccount(id: string): Promise<UserAccount> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException('user not found');
    return toAccount(user);
  }

  /** The account a username or a verified email address names, if exactly one. */
  async findAccountByLogin(login: string): Promise<UserAccount | null> {
    const user = await this.users.findByLogin(login);
    return user ? toAccount(user) : null;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    if (!(await this.users.update(id, { passwordHash }))) {
      throw new NotFoundException('user not found');
    }
  }

  /** Stores a new address, unverified (null removes it); whether it changed. */
  async setEmail(id: string, email: string | null): Promise<boolean> {
    const current = await this.getAccount(id);
    if ((current.email ?? '').toLowerCase() === (email ?? '').toLowerCase()) return false;
    await this.users.update(id, { email, emailVerifiedAt: null });
    return true;
  }

  markEmailVerified(id: string, email: string): Promise<boolean> {
    return this.users.markEmailVerified(id, email);
  }

  async getUser(id: string): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException('user not found');
    return toUserDto(user);
  }

  async getUsersByIds(ids: string[]): Promise<UserDto[]> {
    return (await this.users.findByIds(ids)).map(toUserDto);
  }

  /**
   * Authors of messages, on the send and page paths: cached (see UserProfileCache), so another
   * instance may serve a profile changed a Redis round trip ago. Missing ids are left out.
   */
  getProfiles(ids: string[]): Promise<UserDto[]> {
    return this.profiles.getMany(ids, async (missing) =>
      (await this.users.findByIds(missing)).map(toUserDto),
    );
  }

  /**
   * Whether the user exists and is not deactivated, for every authenticated request: from the
   * profile cache (see getProfiles), so it costs a map lookup once the user is known.
   */
  async isActive(id: string): Promise<boolean> {
    const [user] = await this.getProfiles([id]);
    return user !== undefined && !user.deactivated;
  }

  /** One author (see getProfiles); 404 when there is no such user. */
  async getProfile(id: string): Promise<UserDto> {
    const [user] = await this.getProfiles([id]);
    if (!user) throw new NotFoundException('user not found');
    return user;
  }

  /**
   * Users that may be added to a conversation: 404 naming the first id that is not an existing
   * user (or is a widget visitor), 409 naming the first deactivated one.
   */
  async requireUsers(ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    const found = new Map((await this.users.findByIds(unique)).map((u) => [u.id, u]));
    // A widget visitor is reachable only through their widget conversation, never added by id.
    const missing = unique.find((id) => !found.has(id) || found.get(id)!.serverRole === 'guest');
    if (missing) throw new NotFoundException(`user ${missing} not found`);
    const deactivated = unique.find((id) => found.get(id)!.deactivatedAt !== null);
    if (deactivated) throw new ConflictException(`user ${deactivated} is deactivated`);
  }

  /** The caller's server role and state, for access checks; null when there is no such user. */
  async getAccess(id: string): Promise<UserAccess | null> {
    const user = await this.users.findById(id);
    return user
      ? { serverRole: user.serverRole, deactivated: user.deactivatedAt !== null, isBot: user.isBot }
      : null;
  }

  async findByUsername(username: string): Promise<UserDto | null> {
    const user = await this.users.findByUsername(username);
    return user ? toUserDto(user) : null;
  }

  /**
   * Changes a user's server role or deactivation: 404 for no such user, 409 when it would leave
   * the workspace without an active admin or make a bot an admin.
   */
  async changeAccess(id: string, change: AccessChange): Promise<AccessChanged> {
    const result = await this.users.changeAccess(id, change);
    switch (result.outcome) {
      case 'not-found':
        throw new NotFoundException('user not found');
      case 'last-admin':
        throw new ConflictException(
          'the last active admin cannot be demoted or deactivated: make someone else admin first',
        );
      case 'bot-admin':
        throw new ConflictException('a bot cannot be an admin');
      case 'changed':
        await this.profiles.invalidate(id);
        return { before: toUserDto(result.before), after: toUserDto(result.after) };
    }
  }

  /** 409 when the user is the last active admin (who must hand over before leaving). */
  async requireNotLastAdmin(id: string): Promise<void> {
    if (await this.users.isLastActiveAdmin(id)) throw new ConflictException(ONLY_ADMIN_LEAVING);
  }

  /**
   * Erases a person's profile for good (see `UsersRepository.eraseAccount`): 404 for no such
   * person, 409 for the last active admin. From then on they read as "Deleted user": the
   * profile others are shown in their place.
   */
  async eraseAccount(id: string): Promise<UserDto> {
    switch (await this.users.eraseAccount(id)) {
      case 'not-found':
        throw new NotFoundException('user not found');
      case 'last-admin':
        throw new ConflictException(ONLY_ADMIN_LEAVING);
      case 'erased':
        await this.profiles.invalidate(id);
        return deletedUserDto(id);
    }
  }

  /** After the grace period, a deleted account's username may be registered again. */
  freeUsername(id: string): Promise<boolean> {
    return this.users.freeUsername(id);
  }

  async updateProfile(id: string, changes: UpdateProfileDto): Promise<UserDto> {
    const patch: { displayName?: string; avatarUrl?: string | null } = {};
    if (changes.displayName !== undefined) patch.displayName = changes.displayName;
    if (changes.avatarUrl !== undefined) patch.avatarUrl = changes.avatarUrl;
    const user = Object.keys(patch).length
      ? await this.users.update(id, patch)
      : await this.users.findById(id);
    if (!user) throw new NotFoundException('user not found');
    await this.profiles.invalidate(id);
    return toUserDto(user);
  }

  async search(query: { query?: string; limit?: number; cursor?: string }): Promise<UserPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.users.search(query.query ?? '', after, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: page.map(toUserDto),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].username) : null,
    };
  }
}
