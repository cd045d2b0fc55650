import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig, AuditKey, LEGACY_AUDIT_KEY_ID } from '../../config/app-config';
import { eventHash, HashedFields } from './audit-hash';

/**
 * The keys of the audit chain, held outside the database (AUDIT_KEYS). The first key hashes new events and
 * signs checkpoints; the others still verify what they hashed, so a key can be rotated by putting a new
 * one first. Someone who can write the database but does not hold a key cannot forge a hash that verifies.
 */
@Injectable()
export class AuditKeyring {
  private readonly keys: Map<string, string>;
  readonly current: AuditKey;

  constructor(config: AppConfig) {
    this.keys = new Map(config.auditKeys.map((k) => [k.id, k.secret]));
    this.current = config.auditKeys[0];
  }

  /** The hash of a new event under the current key. */
  hashNew(event: Omit<HashedFields, 'keyId'>): { keyId: string; hash: string } {
    const keyId = this.current.id;
    return { keyId, hash: eventHash({ ...event, keyId }, this.current.secret) };
  }

  /** The hash an event should have under the key it names; null when that key is not held. */
  expectedHash(event: HashedFields): string | null {
    if (event.keyId === LEGACY_AUDIT_KEY_ID) return eventHash(event, null);
    const secret = this.keys.get(event.keyId);
    return secret === undefined ? null : eventHash(event, secret);
  }

  /** An HMAC signature of a text under the current key. */
  sign(text: string): { keyId: string; signature: string } {
    return { keyId: this.current.id, signature: hmac(this.current.secret, text) };
  }

  /** Whether the signature was made over the text with the key `keyId` names (false for an unknown key). */
  verify(keyId: string, text: string, signature: string): boolean {
    const secret = this.keys.get(keyId);
    if (secret === undefined) return false;
    const expected = Buffer.from(hmac(secret, text), 'hex');
    const given = Buffer.from(signature, 'hex');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
