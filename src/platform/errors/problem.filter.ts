import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DomainError, ErrorKind, FieldError } from './domain-error';
import { asUnavailable } from './unavailable';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case ErrorKind.Validation:
      return HttpStatus.BAD_REQUEST;
    case ErrorKind.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorKind.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorKind.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorKind.Conflict:
      return HttpStatus.CONFLICT;
    case ErrorKind.Locked:
      return HttpStatus.LOCKED;
    case ErrorKind.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorKind.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorKind.RateLimited:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorKind.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default: {
      const unreachable: never = kind;
      throw new Error(`Unmapped error kind ${String(unreachable)}`);
    }
  }
}

function problemType(code: string): string {
  return `urn:custos:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Errors raised by Express' body parser before a route runs. */
interface BodyParserError {
  type?: string;
  status: number;
  message: string;
  limit?: number;
  body?: unknown;
}

/** True when the text is JSON, but a bare value (`null`, `42`, `"x"`): valid JSON, not a request body. */
function isBareJsonValue(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const value: unknown = JSON.parse(text);
    return value === null || typeof value !== 'object';
  } catch {
    return false;
  }
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).status === 'number' &&
    (error as BodyParserError).status >= 400 &&
    (error as BodyParserError).status < 500
  );
}

/** zlib's codes for a body that claims an encoding (gzip, deflate, br) it does not have. */
const isDecompressionError = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(Z_|ERR_ZLIB|ERR__ERROR_FORMAT)/.test(code);
};

/** Turns a body-parser failure into the domain error that names it; anything else passes through. */
export function bodyParserProblem(error: unknown): unknown {
  if (!isBodyParserError(error)) return error;
  if (isDecompressionError(error)) {
    return new DomainError(
      ErrorKind.Validation,
      'MALFORMED_CONTENT_ENCODING',
      'The request body does not match its Content-Encoding',
      {
        detail: 'The body cannot be decoded with the Content-Encoding the request names.',
        errors: [
          { field: 'body', message: 'is not encoded as Content-Encoding says', rule: 'contentEncoding' },
        ],
      },
    );
  }
  switch (error.type) {
    case 'entity.too.large':
      return new DomainError(
        ErrorKind.PayloadTooLarge,
        'PAYLOAD_TOO_LARGE',
        'The request body is too large',
        {
          detail: `The body exceeds the limit of ${error.limit ?? 'the configured'} bytes.`,
        },
      );
    case 'entity.parse.failed':
      if (isBareJsonValue(error.body)) {
        return new DomainError(
          ErrorKind.Validation,
          'MALFORMED_JSON',
          'The request body is not a JSON object',
          {
            detail:
              'The body is a bare JSON value; Custos expects a JSON object (or an array where documented).',
            errors: [{ field: 'body', message: 'must be a JSON object', rule: 'json' }],
          },
        );
      }
      return new DomainError(ErrorKind.Validation, 'MALFORMED_JSON', 'The request body is not valid JSON', {
        detail: error.message,
        errors: [{ field: 'body', message: 'is not valid JSON', rule: 'json' }],
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new DomainError(
        ErrorKind.UnsupportedMediaType,
        'UNSUPPORTED_ENCODING',
        'The body encoding is not supported',
        {
          detail: error.message,
        },
      );
    default:
      return new DomainError(ErrorKind.Validation, 'BAD_REQUEST_BODY', 'The request body cannot be read', {
        detail: error.message,
      });
  }
}

/** Converts anything thrown while serving a request into an RFC 9457 problem document. */
export function toProblem(error: unknown): { problem: Problem; headers?: Record<string, string> } {
  if (error instanceof DomainError) {
    return {
      problem: {
        // Extensions first: they can never overwrite a member the standard defines.
        ...error.extensions,
        type: problemType(error.code),
        title: error.title,
        status: statusOf(error.kind),
        detail: error.detail,
        code: error.code,
        ...(error.errors ? { errors: error.errors } : {}),
      },
      headers: error.headers,
    };
  }
  const unavailable = asUnavailable(error);
  if (unavailable) return toProblem(unavailable);
  if (error instanceof ThrottlerException) {
    return {
      problem: {
        type: problemType('RATE_LIMITED'),
        title: 'Too many requests',
        status: 429,
        detail: 'Too many requests from this client; try again shortly.',
        code: 'RATE_LIMITED',
      },
      headers: { 'Retry-After': '60' },
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = status === 404 ? 'ROUTE_NOT_FOUND' : (HttpStatus[status] ?? 'HTTP_ERROR');
    return {
      problem: {
        type: problemType(code),
        title: error.message,
        status,
        detail: status === 404 ? 'No route matches this method and path.' : error.message,
        code,
      },
    };
  }
  return {
    problem: {
      type: problemType('INTERNAL_ERROR'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. Quote the request id when you report it.',
      code: 'INTERNAL_ERROR',
    },
  };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const { problem, headers } = toProblem(error);
    const requestId = req.id === undefined ? undefined : String(req.id);
    if (requestId) problem.requestId = requestId;
    if (problem.status === 503) {
      this.logger.warn({ err: error, requestId, path: req.path }, 'Dependency unavailable');
    } else if (problem.status >= 500) {
      this.logger.error({ err: error, requestId, path: req.originalUrl }, 'Unhandled error');
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
