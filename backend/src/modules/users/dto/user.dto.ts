import { ApiProperty } from '@nestjs/swagger';
import { SERVER_ROLES, type ServerRole } from '../server-role';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'alice' })
  username: string;

  @ApiProperty({ example: 'Alice Liddell' })
  displayName: string;

  @ApiProperty({ type: String, nullable: true, example: 'https://example.com/alice.png' })
  avatarUrl: string | null;

  @ApiProperty()
  isBot: boolean;

  @ApiProperty({
    enum: SERVER_ROLES,
    enumName: 'ServerRole',
    description: 'Role in the workspace (conversation roles are separate)',
  })
  serverRole: ServerRole;

  @ApiProperty({ description: 'An admin deactivated the account: it cannot sign in or be added' })
  deactivated: boolean;

  @ApiProperty({
    description:
      "On the support team: sees the widget visitors' inbox (admins always do). Set by admins",
  })
  support: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** The signed-in person's own profile: a User with what only they and admins see. */
export class MeDto extends UserDto {
  @ApiProperty({ type: String, nullable: true, example: 'alice@example.com' })
  email: string | null;

  @ApiProperty({ description: 'The address was confirmed through the mailed link' })
  emailVerified: boolean;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next page; null on the last page',
  })
  nextCursor: string | null;
}
