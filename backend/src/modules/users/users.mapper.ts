import type { UserDto } from './dto/user.dto';
import type { UserEntity } from './user.entity';

export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    avatarUrl: user.avatarUrl,
    isBot: user.isBot,
    serverRole: user.serverRole,
    deactivated: user.deactivatedAt !== null,
    support: user.support,
    createdAt: user.createdAt.toISOString(),
  };
}

/** Who a deleted account is shown as: no name, no picture (as message authors, see MessageViews). */
export function deletedUserDto(id: string): UserDto {
  return {
    id,
    username: 'deleted',
    displayName: 'Deleted user',
    avatarUrl: null,
    isBot: false,
    serverRole: 'member',
    deactivated: false,
    support: false,
    createdAt: new Date(0).toISOString(),
  };
}
