import { ValidationError, ValidationPipe } from '@nestjs/common';
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
