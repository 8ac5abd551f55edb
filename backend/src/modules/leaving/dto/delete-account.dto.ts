import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CODE } from '../../two-factor/dto/two-factor.dto';

export class DeleteAccountDto {
  @ApiProperty({ format: 'password', maxLength: 128, description: 'The current password' })
  @IsString()
  @MaxLength(128)
  password: string;

  @ApiPropertyOptional({
    description:
      'With two-factor on: a 6-digit code from the authenticator, or an unused recovery code',
    pattern: CODE.source,
  })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'code must be 6 digits or a recovery code' })
  code?: string;
}
