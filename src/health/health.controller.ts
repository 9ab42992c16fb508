import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { ReadDatabase } from '../database/read-database';
import { FastRedis } from '../redis/redis.module';
import { LivenessDto } from './dto/liveness.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: FastRedis,
    private readonly reads: ReadDatabase,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up (public)' })
  @ApiOkResponse({ description: 'The process is up', type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: database query (and on SQLite its read-only connection, database_reads) and Redis PING (public)',
  })
  @ApiOkResponse({ description: 'Database and Redis answer: {status, info, error, details}' })
  @ApiServiceUnavailableResponse({
    description: 'One is down: `error` names it (database, database_reads or redis)',
  })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      ...(this.reads.hasOwnConnections
        ? [() => this.db.pingCheck('database_reads', { connection: this.reads.source, timeout: 2000 })]
        : []),
      async () => {
        const session = this.indicators.check('redis');
        return (await this.redis.ping(1000))
          ? session.up()
          : session.down({ message: 'Redis does not answer PING' });
      },
    ]);
  }
}
