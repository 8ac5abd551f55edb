import { ApiProperty } from '@nestjs/swagger';

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The session making this request' })
  current: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The device, parsed from its User-Agent, e.g. "Firefox 133 on Linux"',
    example: 'Chrome 131 on macOS',
  })
  userAgent: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The address of its last use' })
  ip: string | null;

  @ApiProperty({ format: 'date-time', description: 'When it signed in' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'Its last token refresh' })
  lastUsedAt: string;
}
