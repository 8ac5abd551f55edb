import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** NestJS's standard error body, the one every 4xx and 5xx answer of the API carries. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400, minimum: 400, maximum: 599 })
  statusCode: number;

  @ApiPropertyOptional({ example: 'Bad Request', description: 'The status text' })
  error?: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What went wrong; for validation errors, one string per bad field',
    example: ['body must be 1-4000 characters'],
  })
  message: string | string[];

  @ApiPropertyOptional({
    description:
      'A machine-readable reason where a client acts on it (ENDPOINT_NOT_ALLOWED, QUOTA_EXCEEDED)',
    example: 'QUOTA_EXCEEDED',
  })
  code?: string;

  @ApiPropertyOptional({ description: '429 only: seconds until a retry can succeed', minimum: 0 })
  retryAfterSeconds?: number;
}
