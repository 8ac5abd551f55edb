import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IntRange } from '../../../common/openapi';
import { AUDIT_ACTIONS, type AuditAction } from '../audit-action';

export class ListAuditQuery {
  @ApiPropertyOptional({ description: '`nextCursor` of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @IntRange({ min: 1, max: 100, default: 50, optional: true, query: true })
  limit?: number;
}
