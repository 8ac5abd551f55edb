import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsUUID, Max, Min } from 'class-validator';
import { AttachmentUpdatedEventDto } from '../attachments/dto/attachment.dto';
import { SendMessageDto } from '../messages/dto/message-input.dto';
import { ReactionDto } from '../messages/reactions/dto/reaction.dto';

/** Every Socket.IO event name of the contract (DESIGN.md section 5), in one place. */
export enum SocketEvent {
  MessageSend = 'message:send',
  MessageNew = 'message:new',
  MessageUpdated = 'message:updated',
  MessageDeleted = 'message:deleted',
  MessageDelta = 'message:delta',
  Typing = 'typing',
  Presence = 'presence',
  ConversationRead = 'conversation:read',
  ConversationUpdated = 'conversation:updated',
  ConversationRemoved = 'conversation:removed',
  UserUpdated = 'user:updated',
  AttachmentUpdated = 'attachment:updated',
  ReactionUpdated = 'reaction:updated',
  ConversationUnread = 'conversation:unread',
}

export const userRoom = (userId: string) => `user:${userId}`;
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;
/** Every socket opened with an access token of one session (refresh token family). */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

// Client -> server payloads (validated with the same rules as REST).

export class SendMessageEventDto extends SendMessageDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  conversationId: string;
}

export class TypingEventDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  conversationId: string;

  @ApiProperty()
  @IsBoolean()
  isTyping: boolean;
}

export class ReadEventDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  conversationId: string;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq: number;
}

// Server -> client payloads.

export class MessageDeletedEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty()
  seq: number;
}

export class MessageDeltaEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  messageId: string;

  @ApiProperty({ description: 'The next chunk of text of a streaming bot message' })
  delta: string;
}

export class TypingBroadcastDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  isTyping: boolean;
}

export class ReadReceiptDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  seq: number;
}

export class ConversationRemovedEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;
}

/** A message's full set of reactions after a change, to the conversation's room. */
export class ReactionUpdatedEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  messageId: string;

  @ApiProperty({ type: [ReactionDto], description: 'Ordered by the first use of each emoji' })
  reactions: ReactionDto[];
}

export const SOCKET_ERROR_CODES = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type SocketErrorCode = (typeof SOCKET_ERROR_CODES)[number];

export class SocketErrorDto {
  @ApiProperty({ enum: SOCKET_ERROR_CODES, enumName: 'SocketErrorCode' })
  code: SocketErrorCode;

  @ApiProperty()
  message: string;

  @ApiProperty({
    required: false,
    description: 'RATE_LIMITED: milliseconds until a retry can succeed',
  })
  retryAfterMs?: number;
}

export class SocketEventNamesDto {
  @ApiProperty({ enum: SocketEvent, enumName: 'SocketEvent' })
  event: SocketEvent;
}

/** Payload classes published in the OpenAPI document so the client SDK gets their types. */
export const SOCKET_MODELS = [
  SendMessageEventDto,
  TypingEventDto,
  ReadEventDto,
  MessageDeletedEventDto,
  MessageDeltaEventDto,
  TypingBroadcastDto,
  ReadReceiptDto,
  ConversationRemovedEventDto,
  AttachmentUpdatedEventDto,
  ReactionUpdatedEventDto,
  SocketErrorDto,
  SocketEventNamesDto,
];
