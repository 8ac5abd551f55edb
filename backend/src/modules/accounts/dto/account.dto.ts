import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { trimLower } from '../../../common/transforms';

const NEW_PASSWORD = { minLength: 8, maxLength: 128, format: 'password' } as const;

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty(NEW_PASSWORD)
  @IsString()
  @Length(8, 128, { message: 'newPassword must be 8-128 characters' })
  newPassword: string;

  @ApiPropertyOptional({
    default: false,
    description: 'End every other session (their sockets too); this one stays signed in',
  })
  @IsOptional()
  @IsBoolean()
  signOutOtherSessions?: boolean;
}

/** A token from a mailed or admin-made link: 43 URL-safe characters. */
class LinkToken {
  @ApiProperty({ description: 'The token at the end of the link', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  token: string;
}

export class VerifyEmailDto extends LinkToken {}

export class ResetPasswordDto extends LinkToken {
  @ApiProperty(NEW_PASSWORD)
  @IsString()
  @Length(8, 128, { message: 'newPassword must be 8-128 characters' })
  newPassword: string;
}

export class ForgotPasswordDto {
  @ApiProperty({
    description: 'A username, or the verified email address of the account',
    minLength: 1,
    maxLength: 254,
    example: 'alice',
  })
  @Transform(trimLower)
  @IsString()
  @Length(1, 254)
  login: string;
}

export class OidcProviderDto {
  @ApiProperty({ description: 'The sign-in button’s text (OIDC_LABEL)', example: 'Company SSO' })
  label: string;
}

export class AuthProvidersDto {
  @ApiProperty({
    description:
      'Whether the server sends mail (SMTP_URL). When false, "forgot password" mails nothing: ' +
      'an admin can make a reset link instead',
  })
  mail: boolean;

  @ApiProperty({
    type: OidcProviderDto,
    nullable: true,
    description: 'Single sign-on through OpenID Connect, when configured',
  })
  oidc: OidcProviderDto | null;
}

export class ResetLinkDto {
  @ApiProperty({
    description: '`<PUBLIC_URL or the request origin>/reset-password/<token>`: single use, 1 hour',
  })
  url: string;
}
