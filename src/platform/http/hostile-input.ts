import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorKind, FieldError, ValidationFailed } from '../errors/domain-error';

/** Deeper JSON than any Custos body needs; refused before validation walks it recursively. */
export const MAX_JSON_DEPTH = 32;
/** PostgreSQL `integer`: every count and number Custos stores fits in it. */
export const INT_MIN = -2_147_483_648;
export const INT_MAX = 2_147_483_647;
const MAX_REPORTED = 20;

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNPRINTABLE_KEY = /[\u0000\uD800-\uDFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this string, or undefined when it can. */
function stringProblem(value: string): Omit<FieldError, 'field'> | undefined {
  if (value.includes('\u0000')) {
    return { message: 'must not contain a NUL character (U+0000)', rule: 'noNul' };
  }
  if (LONE_SURROGATE.test(value)) {
    return { message: 'must be valid Unicode (it holds a lone UTF-16 surrogate)', rule: 'wellFormedUnicode' };
  }
  return undefined;
}

function numberProblem(value: number): Omit<FieldError, 'field'> | undefined {
  if (Number.isInteger(value) && (value < INT_MIN || value > INT_MAX)) {
    return { message: `must be an integer between ${INT_MIN} and ${INT_MAX}`, rule: 'int32' };
  }
  return undefined;
}

class BodyTooDeep extends DomainError {
  constructor() {
    super(ErrorKind.Validation, 'BODY_TOO_DEEP', 'The request body nests too deeply', {
      detail: `JSON bodies may nest at most ${MAX_JSON_DEPTH} levels.`,
      errors: [{ field: 'body', message: `nests deeper than ${MAX_JSON_DEPTH} levels`, rule: 'maxDepth' }],
    });
  }
}

const child = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Walks a parsed value without recursion (so hostile nesting cannot overflow the stack) and names every
 * string PostgreSQL cannot store (NUL, lone surrogates, also in keys) and every integer outside its
 * `integer` range. Throws BodyTooDeep past MAX_JSON_DEPTH.
 */
export function unstorableValues(root: unknown, rootField = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string, number][] = [[root, rootField, 0]];
  while (stack.length && errors.length < MAX_REPORTED) {
    const [value, field, depth] = stack.pop()!;
    const name = field || 'body';
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem) errors.push({ field: name, ...problem });
    } else if (typeof value === 'number') {
      const problem = numberProblem(value);
      if (problem) errors.push({ field: name, ...problem });
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_JSON_DEPTH) throw new BodyTooDeep();
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], child(field, i), depth + 1]);
      } else {
        for (const [key, inner] of Object.entries(value)) {
          const keyProblem = stringProblem(key);
          if (keyProblem)
            errors.push({ field: child(field, key.replace(UNPRINTABLE_KEY, '?')), ...keyProblem });
          else stack.push([inner, child(field, key), depth + 1]);
        }
      }
    }
  }
  return errors;
}

/**
 * The one place on the input path that refuses what PostgreSQL cannot store, for every route and DTO
 * alike: runs after the body parser and before routing, over the JSON body, the query string and the path.
 */
export function refuseUnstorableInput(req: Request, _res: Response, next: NextFunction): void {
  try {
    const errors = [
      ...(/%00/.test(req.path)
        ? [{ field: 'path', message: 'must not contain a NUL character', rule: 'noNul' }]
        : []),
      ...unstorableValues(req.query, ''),
      ...(req.body === undefined ? [] : unstorableValues(req.body, '')),
    ];
    next(errors.length ? new ValidationFailed(errors) : undefined);
  } catch (error) {
    next(error);
  }
}
