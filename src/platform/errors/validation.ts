import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { FieldError, ValidationFailed } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, message, rule });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/** Turns class-validator's messages into field errors; `property x should not exist` names the field. */
export function toValidationFailed(errors: ValidationError[]): ValidationFailed {
  return new ValidationFailed(flatten(errors));
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: toValidationFailed,
  });
}

/**
 * The field may be left out, but null is not a value for it: unlike `@IsOptional()`, which lets null
 * through to the service (and so to a NOT NULL column), null is validated like any other value.
 */
export const Optional = (): PropertyDecorator =>
  ValidateIf((_: object, value: unknown) => value !== undefined);

/** The field may be null, which clears it; any other value is validated. Paired with `@Optional()`. */
export const Nullable = (): PropertyDecorator => ValidateIf((_: object, value: unknown) => value !== null);
