import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, type AuditAction } from '../audit-action';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who did it; null for the command line (`details.via` is `cli`)',
  })
  actorId: string | null;

  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  action: AuditAction;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The user, invite or other record acted on, if any',
  })
  targetId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What changed, e.g. `{from, to}`, and `via`: `api` or `cli`',
  })
  details: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items: AuditEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next (older) page; null on the last page',
  })
  nextCursor: string | null;
}
