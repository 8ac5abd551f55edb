import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { TrimmedText } from '../../../common/openapi';
import { UserDto } from '../../users/dto/user.dto';

/** `scheme://host[:port]`, nothing after it: what a browser sends as `Origin`. */
export const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
const BOT_USERNAME = /^[a-z0-9_.]{3,32}$/;

/** Origins compare as browsers send them: lower-case, no trailing slash. */
const normalizeOrigins = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((o: unknown) =>
        typeof o === 'string' ? o.trim().toLowerCase().replace(/\/$/, '') : o,
      )
    : value;

const ORIGINS_DOC: ApiPropertyOptions = {
  type: 'array',
  // The document's spelling of ORIGIN_PATTERN before normalizing (any case, one trailing slash).
  items: { type: 'string', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$' },
  minItems: 1,
  maxItems: 20,
  example: ['https://shop.example'],
  description:
    'Origins (`https://host[:port]`) of the pages that may embed the widget; a session from any other origin is refused (403)',
};

export class CreateWidgetDto {
  @TrimmedText({ min: 1, max: 64, example: 'Shop' })
  name: string;

  @ApiProperty({ example: 'sizebot', description: 'The bot that answers visitors' })
  @IsString()
  @Matches(BOT_USERNAME, { message: 'botUsername must be a bot username' })
  botUsername: string;

  @ApiProperty(ORIGINS_DOC)
  @Transform(normalizeOrigins)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(ORIGIN_PATTERN, {
    each: true,
    message: 'allowedOrigins must be origins like https://shop.example',
  })
  allowedOrigins: string[];

  @TrimmedText({
    min: 1,
    max: 500,
    optional: true,
    example: 'Hi! Not sure about your size? Ask me.',
    description: 'The first line a visitor sees',
  })
  greeting?: string;

  @ApiPropertyOptional({ default: false, description: 'Visitors may ask for a person' })
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  handoff?: boolean;
}

export class UpdateWidgetDto {
  @TrimmedText({ min: 1, max: 64, optional: true })
  name?: string;

  @ApiPropertyOptional({ example: 'sizebot' })
  @ValidateIf((_o, value) => value !== undefined)
  @IsString()
  @Matches(BOT_USERNAME, { message: 'botUsername must be a bot username' })
  botUsername?: string;

  @ApiPropertyOptional(ORIGINS_DOC)
  @ValidateIf((_o, value) => value !== undefined)
  @Transform(normalizeOrigins)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(ORIGIN_PATTERN, {
    each: true,
    message: 'allowedOrigins must be origins like https://shop.example',
  })
  allowedOrigins?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: 500,
    description: 'null removes the greeting',
  })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 500)
  greeting?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  handoff?: boolean;
}

export class WidgetDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'sizebot' })
  botUsername: string;

  @ApiProperty({ type: [String] })
  allowedOrigins: string[];

  @ApiProperty({ type: String, nullable: true })
  greeting: string | null;

  @ApiProperty()
  handoff: boolean;

  @ApiProperty({
    example: '<script src="https://chat.example/widget.js" data-widget="…" async></script>',
    description: 'The tag a shop adds to its pages',
  })
  snippet: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

/** What a visitor's widget needs to draw itself. */
export class PublicWidgetDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  greeting: string | null;

  @ApiProperty()
  handoff: boolean;

  @ApiProperty({ type: UserDto })
  bot: UserDto;
}

/** What the shop's page says the visitor is looking at (`data-context` on the script tag). */
export class VisitorContextDto {
  @TrimmedText({ min: 1, max: 100, optional: true, example: 'Slim jeans' })
  product?: string;

  @TrimmedText({
    min: 1,
    max: 50,
    optional: true,
    example: 'bottoms',
    description: 'SizeBot knows `tops`, `bottoms` and `shoes`',
  })
  category?: string;
}

export class CreateGuestSessionDto {
  @ApiPropertyOptional({
    type: VisitorContextDto,
    description:
      'For a new visitor: the product page they opened the chat on; reaches the bot with their first question',
  })
  @ValidateIf((_o, value) => value !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => VisitorContextDto)
  context?: VisitorContextDto;

  @ApiPropertyOptional({
    description:
      'A guest token this widget gave earlier (even expired): renews it for the same visitor and conversation',
    minLength: 1,
    maxLength: 2048,
  })
  @ValidateIf((_o, value) => value !== undefined)
  @IsString()
  @Length(1, 2048)
  guestToken?: string;
}

export class GuestSessionDto {
  @ApiProperty({
    description:
      'Bearer token for REST and the socket, valid for `conversationId` only, for a day; renew it with this route',
  })
  guestToken: string;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ type: UserDto, description: 'The visitor (serverRole `guest`)' })
  user: UserDto;

  @ApiProperty({ type: PublicWidgetDto })
  widget: PublicWidgetDto;
}
