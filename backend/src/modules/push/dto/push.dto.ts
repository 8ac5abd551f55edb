import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

/** Push service endpoints are URLs of a few hundred characters; this bounds what is stored. */
export const MAX_ENDPOINT_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export class PushConfigDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "The VAPID public key (the browser's applicationServerKey); null when this server sends no push",
  })
  publicKey: string | null;
}

export class PushKeysDto {
  @ApiProperty({
    description: "The browser's P-256 public key, URL-safe base64 (65 bytes)",
    maxLength: 200,
  })
  @IsString()
  @MaxLength(200)
  @Matches(BASE64URL, { message: 'p256dh must be URL-safe base64' })
  p256dh: string;

  @ApiProperty({ description: 'The auth secret, URL-safe base64 (16 bytes)', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  @Matches(BASE64URL, { message: 'auth must be URL-safe base64' })
  auth: string;
}

export class PushEndpointDto {
  @ApiProperty({
    description: "The push service URL from the browser's PushSubscription (https)",
    maxLength: MAX_ENDPOINT_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_ENDPOINT_LENGTH)
  endpoint: string;
}

export class PushSubscriptionInputDto extends PushEndpointDto {
  @ApiProperty({ type: PushKeysDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys: PushKeysDto;
}
