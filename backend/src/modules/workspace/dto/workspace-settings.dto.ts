import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { TrimmedText } from '../../../common/openapi';
import { REGISTRATION_MODES, type RegistrationMode } from '../../../config/app-config';

export const MAX_RETENTION_DAYS = 36_500;

export class WorkspaceSettingsDto {
  @ApiProperty({ example: 'Acme', minLength: 1, maxLength: 64 })
  workspaceName: string;

  @ApiProperty({
    enum: REGISTRATION_MODES,
    enumName: 'RegistrationMode',
    description: '`open`: anyone registers; `invite`: only with a valid invite; `closed`: nobody',
  })
  registrationMode: RegistrationMode;

  @ApiProperty({ description: 'Members (not only admins) may create invites' })
  membersCanInvite: boolean;

  @ApiProperty({ description: 'Members (not only admins) may create channels' })
  membersCanCreateChannels: boolean;

  @ApiProperty({
    description: 'Admins must turn on two-factor authentication before the admin API lets them in',
  })
  requireTwoFactorForAdmins: boolean;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: MAX_RETENTION_DAYS,
    description: 'Messages older than this many days are deleted; null keeps everything',
  })
  retentionDays: number | null;
}

/** Only the fields given change; at least one is expected but none is harmless. */
export class UpdateWorkspaceSettingsDto {
  @TrimmedText({ min: 1, max: 64, optional: true, example: 'Acme', field: 'workspaceName' })
  workspaceName?: string;

  @ApiPropertyOptional({ enum: REGISTRATION_MODES, enumName: 'RegistrationMode' })
  @ValidateIf((_o, value) => value !== undefined)
  @IsIn(REGISTRATION_MODES)
  registrationMode?: RegistrationMode;

  @ApiPropertyOptional()
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  membersCanInvite?: boolean;

  @ApiPropertyOptional()
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  membersCanCreateChannels?: boolean;

  @ApiPropertyOptional()
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  requireTwoFactorForAdmins?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: MAX_RETENTION_DAYS,
    description: 'null keeps messages forever',
  })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  retentionDays?: number | null;
}
