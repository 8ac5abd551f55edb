import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { TrimmedText } from '../../../common/openapi';
import { trimLower } from '../../../common/transforms';
import { UserDto } from '../../users/dto/user.dto';

const USERNAME = /^[a-z0-9_.]{3,32}$/;

export const REFRESH_TOKEN_TRANSPORTS = ['body', 'cookie'] as const;
export type RefreshTokenTransport = (typeof REFRESH_TOKEN_TRANSPORTS)[number];

/** How the client wants its refresh token: in the response body, or as an HttpOnly cookie. */
class TransportChoice {
  @ApiPropertyOptional({
    enum: REFRESH_TOKEN_TRANSPORTS,
    enumName: 'RefreshTokenTransport',
    default: 'body',
    description:
      '`cookie` (browsers): the refresh token is set as an HttpOnly, SameSite=Strict cookie for ' +
      '/api/v1/auth and left out of the response body. `body` (API clients): in the body.',
  })
  @IsOptional()
  @IsIn(REFRESH_TOKEN_TRANSPORTS)
  refreshTokenTransport?: RefreshTokenTransport;
}

export class RegisterDto extends TransportChoice {
  @ApiProperty({
    minLength: 3,
    maxLength: 32,
    pattern: USERNAME.source,
    description: 'Letters, digits, `_` and `.`; stored lower-case, unique in any letter case',
    example: 'alice',
  })
  @Transform(trimLower)
  @IsString()
  @Matches(USERNAME, {
    message: 'username must be 3-32 characters of a-z, 0-9, underscore and dot',
  })
  username: string;

  @ApiProperty({ minLength: 8, maxLength: 128, format: 'password' })
  @IsString()
  @Length(8, 128, { message: 'password must be 8-128 characters' })
  password: string;

  @TrimmedText({ min: 1, max: 64, optional: true, example: 'Alice Liddell' })
  displayName?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'The token of an invite link (`/invite/<token>`): required when the registration mode is `invite`',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  inviteToken?: string;
}

export class LoginDto extends TransportChoice {
  @ApiProperty({ example: 'alice', maxLength: 64 })
  @Transform(trimLower)
  @IsString()
  @MaxLength(64)
  username: string;

  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  password: string;
}

export class LoginTwoFactorDto extends TransportChoice {
  @ApiProperty({ description: 'From the first step (POST /auth/login)', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  challengeToken: string;

  @ApiProperty({
    description: 'A 6-digit code from the authenticator, or an unused recovery code',
    maxLength: 20,
  })
  @IsString()
  @MaxLength(20)
  code: string;
}

export class RefreshTokenDto extends TransportChoice {
  @ApiPropertyOptional({
    description:
      'The refresh token from the last register, login or refresh; leave it out to use the ' +
      'cookie (then the new token comes back as the cookie too)',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class LogoutDto {
  @ApiPropertyOptional({
    description: 'The session to end; leave it out to end the one in the cookie',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class AuthResponseDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ description: 'Bearer token for the API and the Socket.IO handshake (a JWT)' })
  accessToken: string;

  @ApiPropertyOptional({
    description:
      'Opaque; exchange it at /auth/refresh. Single use: rotated each time. Absent when the ' +
      'client asked for the cookie',
  })
  refreshToken?: string;
}
