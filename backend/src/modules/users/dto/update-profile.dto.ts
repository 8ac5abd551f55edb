import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { TrimmedText } from '../../../common/openapi';
import { trim, trimLower } from '../../../common/transforms';

/** An http(s) URL with a host name (its last label not numeric) and no port: IsUrl accepts it. */
const LABEL = '[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const LAST_LABEL = '[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const HTTP_URL = `^(|https?://(${LABEL}\\.)*${LAST_LABEL}(/[!#-;=?-~]*)?)$`;

export class UpdateProfileDto {
  @TrimmedText({ min: 1, max: 64, optional: true, example: 'Alice Liddell' })
  displayName?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2048,
    pattern: HTTP_URL,
    description: 'An http(s) image URL; null or an empty string removes the avatar',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() === '' ? null : trim({ value }),
  )
  @ValidateIf((_o, value) => value !== null)
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'avatarUrl must be an http(s) URL' },
  )
  avatarUrl?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 254,
    format: 'email',
    description:
      'Stored unverified, and a verification link is mailed to it; null removes it. Only you ' +
      'and admins see it',
  })
  @IsOptional()
  @Transform(trimLower)
  @ValidateIf((_o, value) => value !== null)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;
}
