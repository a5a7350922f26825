import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/authenticated-member';
import { HealthCheck, HealthCheckService, type HealthCheckResult, HealthIndicatorService, type HealthIndicatorFunction, type HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { ClusterLink } from '../cluster/cluster-link';
import { CLUSTER_LINK } from '../cluster/cluster.module';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(CLUSTER_LINK) private readonly cluster: ClusterLink | null,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: '200 when the database answers, 503 otherwise. With REDIS_URL, `redis` is `degraded` (still 200) while the link to the other instances is down: this instance serves its own clients alone.',
  })
  check(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.database.pingCheck('database', { timeout: 1500 })];
    if (this.cluster) checks.push(() => this.redisCheck(this.cluster!));
    return this.health.check(checks);
  }

  private redisCheck(link: ClusterLink): Promise<HealthIndicatorResult> {
    const redis = this.indicators.check('redis');
    return Promise.resolve(link.state === 'connected' ? redis.up() : redis.degraded({ message: 'Redis unreachable or stalled: this instance serves its own clients alone', degradedForMs: link.degradedForMs }));
  }
}
