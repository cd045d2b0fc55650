import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidateIf } from 'class-validator';
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

/** ISO 8601: a date, or a date and time with an optional offset. */
export const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `@Type(() => Date)` hands any string to `new Date()`, which reads `0.5` or `1` as a date. Every DTO
 * field typed `Date` takes only ISO 8601 strings; checked here once for every DTO, body and query alike.
 */
function nonIsoDates(value: unknown, metatype: ArgumentMetadata['metatype']): FieldError[] {
  if (!metatype || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const prototype = (metatype as { prototype?: object }).prototype;
  if (!prototype) return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(
      ([key, v]) => Reflect.getMetadata('design:type', prototype, key) === Date && typeof v === 'string',
    )
    .filter(([, v]) => !ISO_8601.test(v as string) || Number.isNaN(Date.parse(v as string)))
    .map(([key]) => ({ field: key, message: 'must be an ISO 8601 date or date-time', rule: 'isIso8601' }));
}

class CustosValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dates = nonIsoDates(value, metadata.metatype);
    if (dates.length) throw new ValidationFailed(dates);
    return super.transform(value, metadata);
  }
}

/**
 * class-validator finds a class's rules on every validation by testing every class it knows
 * (`getTargetValidationMetadatas`): a cost that grows with the number of DTOs, paid by every request
 * with a body. The rules of a class do not change once it is loaded, so each lookup without groups
 * (the only kind Custos makes) is kept per class, and forgotten whenever a rule is registered.
 */
function rememberRuleLookups(): void {
  const storage = getMetadataStorage() as ReturnType<typeof getMetadataStorage> & { custosRemembers?: true };
  if (storage.custosRemembers) return;
  storage.custosRemembers = true;
  const find = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let found = new Map<object, Map<string, ReturnType<typeof find>>>();
  storage.addValidationMetadata = (metadata) => {
    found = new Map<object, Map<string, ReturnType<typeof find>>>();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups?.length) return find(target, schema, always, strictGroups, groups);
    const options = `${schema}|${always}|${strictGroups}`;
    let ofTarget = found.get(target);
    if (!ofTarget) found.set(target, (ofTarget = new Map<string, ReturnType<typeof find>>()));
    let metadatas = ofTarget.get(options);
    if (!metadatas) {
      metadatas = find(target, schema, always, strictGroups, groups);
      ofTarget.set(options, metadatas);
    }
    return metadatas;
  };
}

export function createValidationPipe(): ValidationPipe {
  rememberRuleLookups();
  return new CustosValidationPipe({
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
