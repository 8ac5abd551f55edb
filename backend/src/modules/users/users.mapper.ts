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
