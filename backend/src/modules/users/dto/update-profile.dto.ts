import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Length, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '../../../common/transforms';

export class UpdateProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64, example: 'Alice Liddell' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  displayName?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2048,
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
}
