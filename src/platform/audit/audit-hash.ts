import { createHash, createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so PostgreSQL's jsonb key order does not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const inner = object[key];
    if (inner === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(inner)}`;
  }
  return `${out}}`;
}

export interface HashedFields {
  id: string;
  organizationId: string | null;
  seq: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  prevHash: string;
  keyId: string;
}

/**
 * The event's hash: an HMAC-SHA256 under the key `keyId` names (the key id is hashed too), or, for
 * `secret` null, the plain SHA-256 that events had before the chain was keyed (key id `legacy`).
 */
export function eventHash(e: HashedFields, secret: string | null): string {
  const digest = secret === null ? createHash('sha256') : createHmac('sha256', secret);
  return digest
    .update(
      canonicalJson([
        ...(secret === null ? [] : [e.keyId]),
        e.prevHash,
        e.id,
        e.organizationId,
        String(e.seq),
        e.occurredAt.toISOString(),
        e.actorType,
        e.actorId,
        e.actorLabel,
        e.action,
        e.entityType,
        e.entityId,
        e.before,
        e.after,
        e.ip,
        e.userAgent,
        e.requestId,
      ]),
    )
    .digest('hex');
}

const SECRET_KEY =
  /^(password|currentPassword|newPassword|secret|token|key|apiKey|codes?|recoveryCodes?|.*Hash|.*Secret|.*Token)$/i;

const secretKeys = new Map<string, boolean>();

/** Whether a field of that name holds a secret (the answers kept: field names are few). */
function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeys.size < 10_000) secretKeys.set(key, secret);
  }
  return secret;
}

/**
 * What `JSON.parse(JSON.stringify(value))` makes of a value, without the secrets' fields, in one pass
 * (undefined where JSON leaves the value out): `toJSON` applied (dates become ISO strings), non-finite
 * numbers null, functions and symbols left out of objects and null in arrays.
 */
function plainJson(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
  if (value instanceof String || value instanceof Number || value instanceof Boolean) {
    return plainJson(value.valueOf());
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return plainJson(withJson.toJSON());
  if (Array.isArray(value)) return value.map((item) => plainJson(item) ?? null);
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (isSecretKey(key)) continue;
    const inner = plainJson(object[key]);
    if (inner !== undefined) out[key] = inner;
  }
  return out;
}

/** Plain JSON of a state for the trail, without secrets, dates as ISO strings. */
export function auditState(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  return plainJson(value) as Record<string, unknown>;
}
