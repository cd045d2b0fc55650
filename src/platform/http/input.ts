import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/** Transforms and patterns every request DTO shares (`@Transform(trim)`, `@Matches(COUNTRY)`). */

type Input = { value: unknown };

export const trim = ({ value }: Input): unknown => (typeof value === 'string' ? value.trim() : value);

export const upper = ({ value }: Input): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** A boolean query parameter: the strings `true` and `false` become booleans; anything else stays for `@IsBoolean` to refuse. */
export const queryBoolean = ({ value }: Input): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export const upperEach = ({ value }: Input): unknown =>
  Array.isArray(value) ? value.map((v: unknown) => upper({ value: v })) : value;

/** ISO 3166-1 alpha-2, after `upper`. */
export const COUNTRY = /^[A-Z]{2}$/;

/** A transfer destination: an ISO 3166-1 alpha-2 country, or an international organisation's code (e.g. EPO). */
export const DESTINATION = /^(?:[A-Z]{2}|[A-Z][A-Z0-9_]{2,15})$/;

/**
 * A nested DTO (or, with `each`, a list of them): validated as `type`, and each value must be an object.
 * `@ValidateNested` alone lets an array through where an object belongs (`{"checks": [[]]}`), which would
 * reach the service unvalidated.
 */
export function Nested(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  const each = options.each ?? false;
  return applyDecorators(
    IsObject({ each, message: each ? '$property must hold objects' : '$property must be an object' }),
    ValidateNested({ each }),
    Type(type),
  );
}
