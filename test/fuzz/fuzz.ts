/**
 * Property-based fuzz run over every operation of Custos' OpenAPI document (`npm run fuzz`).
 *
 * Starts Custos (API and worker) on a database and queue prefix of its own, creates an organisation with
 * one user per role and a processor, then for each operation draws requests with fast-check from the
 * operation's own schemas (path and query parameters, JSON body; mostly well-formed, sometimes hostile) and
 * sends each as a real session of a random role. A failure is a 5xx, a status the document does not list
 * for the operation, or a JSON body that does not match the schema documented for its status.
 * FUZZ_RUNS (default 25) sets the requests per operation, FUZZ_SEED the seed, FUZZ_ONLY a pattern of paths; prints operations, requests and failures, and
 * exits 1 on any failure.
 */
import 'reflect-metadata';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { dropDatabase, ensureDatabase, runMigrations } from '../../src/platform/database/prepare-database';
import { ensureRuntimeRole } from '../../src/platform/database/runtime-role';
import { buildOpenApiDocument, configureHttpApp } from '../../src/platform/http/configure-app';

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | Schema;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}

const ROLES = ['admin', 'legal', 'procurement', 'dpo', 'auditor'] as const;
type Role = (typeof ROLES)[number];
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** FUZZ_ONLY narrows the run to operations whose path matches this regular expression. */
const ONLY = new RegExp(process.env.FUZZ_ONLY ?? '');
const BASE = process.env.CUSTOS_TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const PASSWORD = 'Fuzz-Corr3ct-Horse-Battery!';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  const id = `${process.pid}_${Date.now()}`;
  const databaseUrl = `${BASE}/custos_fuzz_${id}`;
  const files = await mkdtemp(join(tmpdir(), 'custos-fuzz-'));
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `fuzz_${id}`,
    STORAGE_DIR: join(files, 'storage'),
    MAIL_OUTBOX_DIR: join(files, 'mail'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    LOCKOUT_THRESHOLD: '10',
    MODE: 'all',
  });
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  // The app works as the runtime role, as in production: it needs its grants on the new database.
  await ensureRuntimeRole(databaseUrl, config.databaseAppUrl);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    logger: false,
  });
  configureHttpApp(app, config);
  await app.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await fuzz(app, origin, db);
  } finally {
    await db.end();
    await app.close();
    await dropDatabase(databaseUrl);
    const redis = new IORedis(config.redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    await rm(files, { recursive: true, force: true });
  }
}

async function call(
  origin: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; type: string; json: unknown; text: string }> {
  const res = await fetch(`${origin}${path}`, {
    method: method.toUpperCase(),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  let json: unknown;
  if (/json/.test(type) && text) json = JSON.parse(text);
  return { status: res.status, type, json, text };
}

async function fuzz(app: NestExpressApplication, origin: string, db: Client): Promise<number> {
  const document = buildOpenApiDocument(app) as unknown as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  const schemas = document.components.schemas;
  const API = '/api/v1';

  // An organisation, one user per role (first password changed), a processor to point ids at.
  const users: Record<Role, { email: string; token: string }> = {} as never;
  const adminEmail = `admin-${randomUUID().slice(0, 8)}@fuzz.example`;
  const setup = await call(origin, 'post', `${API}/auth/setup`, undefined, {
    organizationName: 'Fuzz GmbH',
    email: adminEmail,
    name: 'Ada Admin',
    password: PASSWORD,
  });
  if (setup.status !== 201) throw new Error(`setup answered ${setup.status} ${setup.text}`);
  const login = async (email: string): Promise<string> => {
    const res = await call(origin, 'post', `${API}/auth/login`, undefined, { email, password: PASSWORD });
    const body = res.json as { accessToken?: string; passwordChangeRequired?: boolean };
    if (res.status !== 200 || !body.accessToken) throw new Error(`login ${email}: ${res.status} ${res.text}`);
    return body.accessToken;
  };
  users.admin = { email: adminEmail, token: await login(adminEmail) };
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const email = `${role}-${randomUUID().slice(0, 8)}@fuzz.example`;
    const first = 'First-Corr3ct-Horse-Battery!';
    const created = await call(origin, 'post', `${API}/users`, users.admin.token, {
      email,
      name: `Fuzz ${role}`,
      roles: [role],
      password: first,
    });
    if (created.status !== 201) throw new Error(`user ${role}: ${created.status} ${created.text}`);
    const res = await call(origin, 'post', `${API}/auth/login`, undefined, { email, password: first });
    const token = (res.json as { accessToken: string }).accessToken;
    const changed = await call(origin, 'post', `${API}/auth/password`, token, {
      currentPassword: first,
      newPassword: PASSWORD,
    });
    if (changed.status !== 204) throw new Error(`password ${role}: ${changed.status} ${changed.text}`);
    users[role] = { email, token: await login(email) };
  }
  const processor = await call(origin, 'post', `${API}/processors`, users.legal.token, {
    name: 'Fuzz Processor GmbH',
    country: 'DE',
    processingCountries: ['DE'],
    services: 'Hosting',
    contactEmail: 'privacy@processor.example',
  });
  const knownIds = [(processor.json as { id: string }).id];

  /** Sessions may be ended (logout, password change) and accounts locked by the fuzzed requests. */
  const refreshSessions = async () => {
    await db.query(`UPDATE "user" SET failed_login_count = 0, locked_until = NULL, active = true`);
    await db.query(`UPDATE organization SET mfa_required_roles = '{}'`);
    for (const role of ROLES) users[role].token = await login(users[role].email);
  };

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1 && !schema.properties)
      return { ...resolve(schema.allOf[0]), nullable: schema.nullable };
    return schema;
  };

  const stringOf = (s: Schema): fc.Arbitrary<string> => {
    switch (s.format) {
      case 'uuid':
        return fc.oneof(fc.constantFrom(...knownIds), fc.uuid());
      case 'date':
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      case 'date-time':
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString());
      case 'email':
        return fc.emailAddress();
      case 'uri':
        return fc.webUrl();
      default:
        return fc.oneof(
          {
            weight: 3,
            arbitrary: fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) }),
          },
          {
            // Values Custos knows (countries, vocabulary keys): they reach past validation into the rules.
            weight: 2,
            arbitrary: fc.constantFrom(
              'DE',
              'US',
              'IN',
              'GB',
              'EPO',
              'user.contact.email',
              'user.health_and_medical',
              'marketing',
              'essential.service',
              'CUS-2026-000001',
              'a'.repeat(64),
            ),
          },
          { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
        );
    }
  };

  const valueOf = (input: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
    const s = resolve(input);
    const hostile = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.string(),
      fc.boolean(),
      fc.constant({}),
      fc.constant([]),
    );
    let arb: fc.Arbitrary<unknown>;
    if (s.enum) arb = fc.constantFrom(...s.enum);
    else if (s.oneOf || s.anyOf) arb = fc.oneof(...(s.oneOf ?? s.anyOf)!.map((o) => valueOf(o, depth + 1)));
    else if (s.type === 'string') arb = stringOf(s);
    else if (s.type === 'integer')
      arb = fc.integer({
        min: Math.max(s.minimum ?? -1000, -(2 ** 31)),
        max: Math.min(s.maximum ?? 100_000, 2 ** 31 - 1),
      });
    else if (s.type === 'number')
      arb = fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    else if (s.type === 'boolean') arb = fc.boolean();
    else if (s.type === 'array')
      arb =
        depth > 4
          ? fc.constant([])
          : fc.array(valueOf(s.items, depth + 1), { maxLength: Math.min(s.maxItems ?? 3, 3) });
    else if (s.properties && depth <= 4) {
      const entries = Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, valueOf(v, depth + 1)]),
      );
      arb = fc.record(entries, { requiredKeys: s.required ?? [] });
    } else arb = fc.jsonValue({ maxDepth: 2 });
    if (s.nullable)
      arb = fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
    return fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: hostile });
  };

  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  /** OpenAPI 3.0 → JSON Schema: `nullable` becomes a union with null; refs point into components. */
  const toJsonSchema = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(toJsonSchema);
    if (!schema || typeof schema !== 'object') return schema;
    const s = { ...(schema as Schema) };
    if (s.$ref) return { $ref: s.$ref.replace('#/components/schemas/', '#/definitions/') };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) {
      if (k === 'nullable' || k === 'example' || k === 'examples') continue;
      out[k] =
        k === 'properties'
          ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, toJsonSchema(x)]))
          : toJsonSchema(v);
    }
    return s.nullable ? { anyOf: [out, { type: 'null' }] } : out;
  };
  const definitions = Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, toJsonSchema(v)]));
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (key: string, schema: Schema): ValidateFunction => {
    let v = validators.get(key);
    if (!v) {
      v = ajv.compile({ ...(toJsonSchema(schema) as object), definitions });
      validators.set(key, v);
    }
    return v;
  };

  let operations = 0;
  let requests = 0;
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const entries = Object.entries(document.paths)
    .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })))
    .filter(({ path }) => ONLY.test(path));
  // Operations that end the caller's own session run last, so they cost no reach to the rest.
  const last = /auth\/(logout|password)|deactivate|revoke/;
  entries.sort((a, b) => Number(last.test(a.path)) - Number(last.test(b.path)));

  for (const { path, method, op } of entries) {
    operations++;
    await refreshSessions();
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    const request = fc.record({
      role: fc.constantFrom<Role | 'anonymous'>(...ROLES, ...(isPublic ? (['anonymous'] as const) : [])),
      path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, valueOf(p.schema)]))),
      query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, valueOf(p.schema)])), {
        requiredKeys: [],
      }),
      body: bodySchema ? valueOf(bodySchema) : fc.constant(undefined),
    });
    await fc
      .assert(
        fc.asyncProperty(request, async (r) => {
          requests++;
          let url = `${path}`;
          for (const [name, value] of Object.entries(r.path)) {
            const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
            // "." and ".." are path navigation, not values: a client never sends them as an id.
            const segment = /^\.{1,2}$/.test(text) ? `${text}x` : encodeURIComponent(text);
            url = url.replace(`{${name}}`, segment || 'x');
          }
          const query = new URLSearchParams();
          for (const [name, value] of Object.entries(r.query)) {
            if (value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value])
              query.append(name, typeof v === 'object' ? JSON.stringify(v) : String(v));
          }
          const full = query.size ? `${url}?${query.toString()}` : url;
          const token = r.role === 'anonymous' ? undefined : users[r.role].token;
          const res = await call(origin, method, full, token, r.body);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const where = `${method.toUpperCase()} ${path} as ${r.role}: ${res.status}`;
          const documented = op.responses[String(res.status)] ?? op.responses.default;
          let problem: string | undefined;
          if (res.status >= 500) problem = `${where} ${res.text.slice(0, 200)}`;
          else if (!documented)
            problem = `${where} is not documented (${Object.keys(op.responses).join(', ')})`;
          else if (res.json !== undefined) {
            const media = Object.entries(documented.content ?? {}).find(([type]) =>
              res.type.startsWith(type),
            );
            const schema = media?.[1].schema;
            if (schema) {
              const validate = validatorFor(`${op.operationId}:${res.status}:${media[0]}`, schema);
              if (!validate(res.json)) {
                problem = `${where} body does not match its schema: ${ajv.errorsText(validate.errors)} ${res.text.slice(0, 200)}`;
              }
            } else if (!media && Object.keys(documented.content ?? {}).length) {
              problem = `${where} answered ${res.type}, documented ${Object.keys(documented.content ?? {}).join(', ')}`;
            }
          }
          if (problem) {
            failures.push(
              `${problem}\n    request: ${method.toUpperCase()} ${full} ${JSON.stringify(r.body)?.slice(0, 300) ?? ''}`,
            );
            return false;
          }
          return true;
        }),
        { numRuns: RUNS, seed: SEED + operations, endOnFailure: true },
      )
      .catch(() => undefined);
  }

  log(`fuzz: seed ${SEED}, ${RUNS} runs per operation`);
  log(`operations: ${operations}`);
  log(`requests:   ${requests}`);
  log(
    `statuses:   ${[...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
  );
  log(`failures:   ${failures.length}`);
  for (const f of failures) log(`  - ${f}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz run could not run: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
