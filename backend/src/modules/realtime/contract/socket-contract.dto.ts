import { ApiProperty } from '@nestjs/swagger';
import { SocketEvent } from './socket-event';

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

/** What a refused client event's acknowledgement carries. */
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

/** Publishes the `SocketEvent` enum in the OpenAPI document, so the client gets the names. */
export class SocketEventNamesDto {
  @ApiProperty({ enum: SocketEvent, enumName: 'SocketEvent' })
  event: SocketEvent;
}
