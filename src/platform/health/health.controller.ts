import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../http/public.decorator';
import { RedisService, withTimeout } from '../redis/redis.service';
import { ReadinessDto } from './readiness.dto';

type State = 'up' | 'down';

/** How long readiness waits for each dependency: long enough for a loaded server, short for a probe. */
const PROBE_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<{ status: State; message?: string }> {
  try {
    await withTimeout(check(), PROBE_TIMEOUT_MS);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: (error as Error).message };
  }
}

@ApiTags('health')
@SkipThrottle()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Each dependency is probed on its own and named, so a load balancer (and a person) sees which one is
   * down; 503 while any is. Nothing is cached: the answer changes as soon as the dependency returns.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer; names the one that does not' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description: 'A dependency is down',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
    ]);
    const ok = database.status === 'up' && redis.status === 'up';
    if (!ok) res.status(503).setHeader('Retry-After', String(Math.ceil(PROBE_TIMEOUT_MS / 1000)));
    return {
      status: ok ? 'ok' : 'error',
      database: database.status,
      redis: redis.status,
      details: { database, redis },
    };
  }
}
