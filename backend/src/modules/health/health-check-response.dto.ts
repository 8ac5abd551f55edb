import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down', 'degraded'], example: 'up' })
  status: string;

  @ApiPropertyOptional({ description: 'Why the dependency is down', example: 'timeout' })
  message?: string;
}

export class HealthCheckResponseDto {
  @ApiProperty({ enum: ['ok', 'error', 'degraded', 'shutting_down'], example: 'ok' })
  status: string;

  @ApiPropertyOptional({
    description: 'Dependencies that are up',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
  })
  info?: Record<string, HealthIndicatorDto>;

  @ApiPropertyOptional({
    description: 'Dependencies that are down',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
  })
  error?: Record<string, HealthIndicatorDto>;

  @ApiProperty({
    description: 'Every checked dependency',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
  })
  details: Record<string, HealthIndicatorDto>;
}
