import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { SealedBox } from '../platform/crypto/sealed-box';

/** argon2id with the OWASP minimum (19 MiB, 2 passes). */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export interface AccessClaims {
  sub: string;
  org: string;
  sid: string;
  scope: 'full' | 'password_change' | 'mfa_enrollment';
  typ: 'access';
  iat: number;
  exp: number;
}

export interface MfaClaims {
  sub: string;
  org: string;
  typ: 'mfa';
  iat: number;
  exp: number;
}

type Claims = AccessClaims | MfaClaims;

/** Password hashing, signed tokens (HS256 JWT) and encryption of MFA secrets, keyed from AUTH_SECRET. */
@Injectable()
export class Credentials {
  private readonly signingKey: Buffer;
  private readonly secrets: SealedBox;
  private dummyHash?: Promise<string>;

  constructor(config: AppConfig) {
    const secret = Buffer.from(config.authSecret);
    this.signingKey = Buffer.from(hkdfSync('sha256', secret, 'custos', 'token-signing', 32));
    this.secrets = new SealedBox(config.authSecret, 'mfa-secret-encryption');
  }

  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, ARGON2);
  }

  async verifyPassword(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of a real verification, so an unknown e-mail answers as slowly as a wrong password. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hashPassword(randomToken());
    await this.verifyPassword(await this.dummyHash, password);
    return false;
  }

  sign(claims: Claims): string {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${body}`).digest('base64url');
    return `${header}.${body}.${signature}`;
  }

  /** The claims of a token signed by Custos and not expired at `now`, or undefined. */
  verify<T extends Claims>(token: string, typ: T['typ'], now: Date): T | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, body, signature] = parts;
    const expected = createHmac('sha256', this.signingKey).update(`${header}.${body}`).digest('base64url');
    if (!safeEqual(signature, expected)) return undefined;
    try {
      const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
      if (head.alg !== 'HS256') return undefined;
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as T;
      if (claims.typ !== typ || typeof claims.exp !== 'number') return undefined;
      if (claims.exp * 1000 <= now.getTime()) return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }

  encrypt(plain: string): string {
    return this.secrets.seal(plain);
  }

  decrypt(sealed: string): string {
    return this.secrets.open(sealed);
  }
}
