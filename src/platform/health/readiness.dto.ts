import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const STATES = ['up', 'down'] as const;

export class DependencyStateDto {
  @ApiProperty({ enum: STATES })
  status: 'up' | 'down';

  @ApiPropertyOptional({ description: 'Why the dependency is down', example: 'timed out after 2000 ms' })
  message?: string;
}

export class ReadinessDetailsDto {
  @ApiProperty({ type: DependencyStateDto })
  database: DependencyStateDto;

  @ApiProperty({ type: DependencyStateDto })
  redis: DependencyStateDto;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: 'ok' | 'error';

  @ApiProperty({ enum: STATES, description: 'PostgreSQL' })
  database: 'up' | 'down';

  @ApiProperty({ enum: STATES, description: 'Redis (queues, shared rate limits)' })
  redis: 'up' | 'down';

  @ApiProperty({ type: ReadinessDetailsDto })
  details: ReadinessDetailsDto;
}
