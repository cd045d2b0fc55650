import { Module, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Fields whose values never reach the log: credentials and the headers that carry them. */
const SECRET_FIELDS = new Set([
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'mfaToken',
  'secret',
  'apiKey',
  'recoveryCode',
  'authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
]);

/** How deep `censored` looks for secret fields: a log line's objects are shallow, and a cycle ends here. */
const CENSOR_DEPTH = 6;

/**
 * A log line's object (or the base logger's bindings) with the value of every secret field, down to
 * CENSOR_DEPTH levels, replaced by "[redacted]". It copies only what it changes, so a line without
 * secrets costs a walk and no copy. Plain objects, arrays and errors are looked into; other objects are
 * left to their serializers (the request's keeps only its method, path, address and user agent). pino does not format a child logger's bindings:
 * the only ones Custos binds are the request and its id, each request's.
 */
export function censored<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null || depth > CENSOR_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const inner = censored(item, depth + 1);
      if (inner !== item) (copy ??= [...(value as unknown[])])[i] = inner;
    });
    return (copy ?? value) as T;
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  const isError = value instanceof Error;
  if (prototype !== Object.prototype && prototype !== null && !isError) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    const next = SECRET_FIELDS.has(key) && inner !== undefined ? '[redacted]' : censored(inner, depth + 1);
    if (next === inner) continue;
    // An error stays an error (message and stack included) for pino's error serializer.
    copy ??= isError
      ? (Object.create(prototype, Object.getOwnPropertyDescriptors(value)) as Record<string, unknown>)
      : { ...(value as Record<string, unknown>) };
    copy[key] = next;
  }
  return (copy ?? value) as T;
}

/** The request as pino-std-serializers hands it to the `req` serializer. */
interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
  headers?: Record<string, string | string[] | undefined>;
}

export function requestIdFor(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const header = req.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * The request log keeps the path and the names of query parameters, never their values: a public route
 * (certificate verification, the portal) may carry a hash or an address there.
 */
export function withoutQueryValues(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=[redacted]`);
  return `${url.slice(0, at)}?${names.join('&')}`;
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Express 5's pattern for "every route" (nestjs-pino 4's default '*' draws a deprecation warning).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          genReqId: requestIdFor,
          // Secrets are censored in what is logged, when it is logged. pino's path-based redaction cloned
          // every request's bindings instead, whether anything was logged or not.
          formatters: { bindings: censored, log: censored },
          autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').includes('/health/') },
          // Bound once in the base logger, not as a child logger per request.
          base: { pid: process.pid, hostname: hostname(), service: 'custos', mode: config.mode },
          quietReqLogger: true,
          // What an operator reads of a request and its answer, and nothing else: headers (credentials,
          // cookies) never reach the log, and each request costs one small serialisation.
          serializers: {
            req: (req: LoggedRequest) => ({
              id: req.id,
              method: req.method,
              url: withoutQueryValues(req.url ?? ''),
              remoteAddress: req.remoteAddress,
              userAgent: req.headers?.['user-agent'],
            }),
            res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
