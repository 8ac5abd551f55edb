import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trim, trimLower } from '../../../common/transforms';
import { UserDto } from '../../users/dto/user.dto';

const USERNAME = /^[a-z0-9_.]{3,32}$/;

export class RegisterDto {
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

  @ApiPropertyOptional({ minLength: 1, maxLength: 64, example: 'Alice Liddell' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  displayName?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @Transform(trimLower)
  @IsString()
  @MaxLength(64)
  username: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(128)
  password: string;
}

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token from the last register, login or refresh' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class AuthResponseDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ description: 'Bearer token for the API and the Socket.IO handshake (a JWT)' })
  accessToken: string;

  @ApiProperty({
    description: 'Opaque; exchange it at /auth/refresh. Single use: rotated each time',
  })
  refreshToken: string;
}
