import { Controller, Get, Header, VERSION_NEUTRAL } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Cost, RequestCost } from '../../common/rate-limit/request-cost.decorator';
import { Public } from '../../common/public.decorator';
import { HealthCheckResponseDto, HealthIndicatorDto } from './health-check-response.dto';
import { RecentFailuresIndicator } from './recent-failures.health';
import { RedisHealthIndicator } from './redis.health';

/** How long readiness (and the dependency metric) waits for each ping. */
export const CHECK_TIMEOUT_MS = 1_000;

@ApiTags('health')
@ApiExtraModels(HealthIndicatorDto)
@Public()
// Probes come often from one address (the orchestrator): never throttled.
@RequestCost(Cost.exempt)
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly healthCheck: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly recent: RecentFailuresIndicator,
  ) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get()
  @Header('Cache-Control', 'no-store')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness probe' })
  @ApiOkResponse({ type: HealthCheckResponseDto })
  health() {
    return this.healthCheck.check([]);
  }

  /**
   * Readiness: Postgres and Redis both answer, and requests were not refused for either within
   * the last few seconds; 503 naming the one that is down.
   */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness probe: Postgres and Redis reachable' })
  @ApiOkResponse({ type: HealthCheckResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthCheckResponseDto })
  ready() {
    return this.healthCheck.check([
      () =>
        this.recent.orPing('postgres', () =>
          this.postgres.pingCheck('postgres').withTimeout(CHECK_TIMEOUT_MS),
        ),
      () => this.recent.orPing('redis', () => this.redis.pingCheck('redis', CHECK_TIMEOUT_MS)),
    ]);
  }
}
