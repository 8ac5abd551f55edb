import { ApiProperty } from '@nestjs/swagger';
import { IntRange } from '../../../common/openapi';

export const DEFAULT_INVITE_HOURS = 168;

export class CreateInviteDto {
  @IntRange({
    min: 1,
    max: 10_000,
    optional: true,
    description: 'How many accounts it may create; left out: any number',
  })
  maxUses?: number;

  @IntRange({
    min: 1,
    max: 8760,
    optional: true,
    default: DEFAULT_INVITE_HOURS,
    description: 'Hours until it expires (a week when left out)',
  })
  expiresInHours?: number;
}

/** An invite as listed: the token is shown only once, when it is created. */
export class InviteSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null: any number of uses' })
  maxUses: number | null;

  @ApiProperty({ type: 'integer' })
  uses: number;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who created it; null for the command line',
  })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** A new invite, with its secret token and the link to send. */
export class InviteDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The secret in the link; shown only now' })
  token: string;

  @ApiProperty({
    example: 'https://chat.example.com/invite/3q2-7w…',
    description: '`<PUBLIC_URL or the request origin>/invite/<token>`',
  })
  url: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null: any number of uses' })
  maxUses: number | null;

  @ApiProperty({ type: 'integer' })
  uses: number;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class InviteCheckDto {
  @ApiProperty({ description: 'Whether registering with this invite would be let through now' })
  valid: boolean;

  @ApiProperty({ example: 'Acme' })
  workspaceName: string;
}
