import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, ValidateIf } from 'class-validator';

/** The roles an admin can give; `guest` belongs to widget visitors and is never given by hand. */
export const ASSIGNABLE_ROLES = ['admin', 'member'] as const;

export class UpdateAdminUserDto {
  @ApiPropertyOptional({ enum: ASSIGNABLE_ROLES })
  @ValidateIf((_o, value) => value !== undefined)
  @IsIn(ASSIGNABLE_ROLES)
  serverRole?: (typeof ASSIGNABLE_ROLES)[number];

  @ApiPropertyOptional({
    description:
      'true ends every session and socket of the user at once and stops them signing in; false restores them',
  })
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  deactivated?: boolean;

  @ApiPropertyOptional({
    description: "true puts the user on the support team: they see the widget visitors' inbox",
  })
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  support?: boolean;
}
