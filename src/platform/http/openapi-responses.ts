import { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';

type PathItem = OpenAPIObject['paths'][string];
type OperationObject = NonNullable<PathItem['get']>;
type ResponseObject = Extract<OperationObject['responses'][string], { description: string }>;
type SchemaObject = {
  type?: string;
  format?: string;
  properties?: Record<string, unknown>;
  items?: SchemaObject;
};
import { ANSWERS_WITH, type FeatureErrors } from '../errors/feature-errors';
import { IS_PUBLIC } from './public.decorator';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
/** The descriptions `RequirePermission` / `AnyCaller` give their 401 and 403. */
const CREDENTIAL_RESPONSES: Record<string, string> = {
  '401': 'No valid credentials',
  '403': 'The caller lacks the permission',
};

interface RouteFacts {
  public: boolean;
  throttled: boolean;
  /** The feature codes the route may answer with (`@AnswersWith`). */
  answers: FeatureErrors[];
}

/** Each operation's handler, by the operation id Nest's Swagger module gives it (`Controller_method`). */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller || typeof controller !== 'function') continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const meta = (key: string): unknown =>
          Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        facts.set(`${controller.name}_${name}`, {
          public: meta(IS_PUBLIC) === true,
          throttled: meta('THROTTLER:SKIPdefault') !== true,
          answers: (meta(ANSWERS_WITH) as FeatureErrors[] | undefined) ?? [],
        });
      }
    }
  }
  return facts;
}

function problem(description: string): ResponseObject {
  return { description, content: PROBLEM };
}

/** Public routes that check credentials of their own (a password, an MFA or refresh token) in the body. */
const SESSION_ROUTE = /\/auth\/(login|mfa|refresh)$/;

/** What each standard status means and the codes Custos answers with it on every route that can. */
const STANDARD: Record<string, string> = {
  '400':
    'The input is not valid: VALIDATION_FAILED (errors[] names each field), MALFORMED_JSON, BODY_TOO_DEEP, ' +
    'MALFORMED_CONTENT_ENCODING, BAD_REQUEST_BODY, or a rule of the route',
  '401':
    'No valid credentials: UNAUTHENTICATED, or the route’s own (INVALID_CREDENTIALS, INVALID_MFA_TOKEN, ' +
    'INVALID_MFA_CODE, INVALID_REFRESH_TOKEN, REFRESH_TOKEN_REUSED)',
  '403': 'The caller lacks the permission: FORBIDDEN, PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED',
  '404': 'NOT_FOUND: no such resource in the caller’s organisation',
  '409':
    'The request conflicts with the current state: STALE_VERSION, ILLEGAL_TRANSITION or a rule of the route',
  '413': 'PAYLOAD_TOO_LARGE: the body is larger than BODY_LIMIT (or an upload than UPLOAD_MAX_MB)',
  '415': 'UNSUPPORTED_ENCODING or UNSUPPORTED_MEDIA_TYPE',
  '423': 'ACCOUNT_LOCKED (with Retry-After)',
  '429': 'RATE_LIMITED or LOGIN_RATE_LIMITED (with Retry-After)',
  '500': 'INTERNAL_ERROR: unexpected; the problem carries only the request id',
  '503': 'DATABASE_UNAVAILABLE: a dependency is down or too slow (with Retry-After); nothing was changed',
};

/** The statuses an operation can answer whatever its own rules, derived from what it takes and who may call it. */
function standardStatuses(
  path: string,
  method: string,
  operation: OperationObject,
  facts: RouteFacts | undefined,
): string[] {
  const params = (operation.parameters ?? []) as { in?: string }[];
  const hasBody = operation.requestBody !== undefined;
  const writes = method !== 'get';
  return [
    '400', // every route: the global input step reads the path and the query of every request
    ...(facts?.public ? [] : ['401', '403']),
    ...(params.some((p) => p.in === 'path') ? ['404'] : []),
    ...(writes ? ['409'] : []),
    ...(facts?.public && SESSION_ROUTE.test(path) ? ['401', '423'] : []),
    ...(hasBody ? ['413', '415'] : []),
    ...(facts?.throttled !== false ? ['429'] : []),
    '500',
    '503',
  ];
}

/** An OpenAPI 3.0 schema that says `object` for what is a string with a format (a `Date | null`, a uuid). */
function fixFormatTypes(schema: SchemaObject | undefined): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.type === 'object' && typeof schema.format === 'string' && !schema.properties) {
    schema.type = 'string';
  }
  for (const inner of Object.values(schema.properties ?? {})) fixFormatTypes(inner as SchemaObject);
  if (schema.items) fixFormatTypes(schema.items);
}

/** Each feature code the route may answer with, under its status: "…; its own: CODE (meaning), …". */
function documentFeatureCodes(responses: OperationObject['responses'], answers: FeatureErrors[]): void {
  const byStatus = new Map<string, string[]>();
  for (const errors of answers) {
    for (const [code, { status, meaning }] of Object.entries(errors.codes)) {
      byStatus.set(String(status), [...(byStatus.get(String(status)) ?? []), `${code} (${meaning})`]);
    }
  }
  for (const [status, codes] of byStatus) {
    // Only where the route answers that status at all (a read answers no 409).
    const current = responses[status] as ResponseObject | undefined;
    if (!current) continue;
    responses[status] = { ...current, description: `${current.description}; its own: ${codes.join(', ')}` };
  }
}

/**
 * One central pass, from each route's metadata instead of a decorator on every controller: every
 * operation lists the standard problem responses it can give (above) with the problem schema; a public
 * route needs no credentials (`security: []`) and answers no 401/403 it did not declare itself; dates
 * and ids typed from `Date | null` or `string | null` are strings, not objects.
 */
export function documentStandardResponses(app: INestApplication, document: OpenAPIObject): void {
  const facts = routeFacts(app);
  for (const schema of Object.values(document.components?.schemas ?? {}))
    fixFormatTypes(schema as SchemaObject);
  for (const [path, item] of Object.entries<PathItem>(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const route = operation.operationId ? facts.get(operation.operationId) : undefined;
      const responses = operation.responses;
      if (route?.public) {
        operation.security = [];
        for (const [status, description] of Object.entries(CREDENTIAL_RESPONSES)) {
          const declared = responses[status] as ResponseObject | undefined;
          if (declared?.description === description) delete responses[status];
        }
      }
      for (const status of standardStatuses(path, method, operation, route)) {
        responses[status] ??= problem(STANDARD[status]);
      }
      documentFeatureCodes(responses, route?.answers ?? []);
      delete responses['4XX'];
    }
  }
}
