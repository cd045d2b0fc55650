import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `page` (1-based) and `pageSize` (default 20, at most 100) of every list route. */
export const MAX_PAGE = 1_000_000;

export class PageQuery {
  /** Bounded so that the row offset stays a number PostgreSQL can take (a million pages of 100 rows). */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

export function mapPage<T, R>(page: Page<T>, map: (item: T) => R): Page<R> {
  return { ...page, items: page.items.map(map) };
}

/** The first few of a longer list and how many there are in all (a dashboard panel's list). */
export interface Shortlist<T> {
  items: T[];
  total: number;
}
