import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

const UUID =
  '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';

export class PresenceQuery {
  @ApiProperty({
    type: String,
    pattern: `^${UUID}(,${UUID}){0,99}$`,
    description:
      'Comma-separated user ids (1-100). Users you share no conversation with are left out of the answer.',
    example: '7c1f0e7e-0b4c-4c1e-9a43-2f3a8f1d2b11,0b7e3c52-6d1a-4f0e-8b7a-5a9e2c4d1f30',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? [...new Set(value.split(',').map((id) => id.trim()))] : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'userIds must be comma-separated UUIDs' })
  userIds: string[];
}

export class PresenceDto {
  @ApiProperty({ enum: ['online', 'offline'], enumName: 'PresenceStatus' })
  status: 'online' | 'offline';

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the user was last online; null if never seen',
  })
  lastSeenAt: string | null;
}

/** `presence` event: a user came online or went offline. */
export class PresenceEventDto extends PresenceDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;
}
