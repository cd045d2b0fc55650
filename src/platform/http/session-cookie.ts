import type { CookieOptions, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { ValidationFailed } from '../errors/domain-error';

/**
 * The console's refresh token rides in an HttpOnly, SameSite=Strict cookie that only the auth routes
 * receive, so that page script never holds it; programs keep sending it in the JSON body.
 */
export const REFRESH_COOKIE = 'custos_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

function options(config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.publicUrl.startsWith('https:'),
    path: REFRESH_COOKIE_PATH,
  };
}

export function setRefreshCookie(res: Response, config: AppConfig, refreshToken: string): void {
  res.cookie(REFRESH_COOKIE, refreshToken, {
    ...options(config),
    maxAge: config.security.refreshTokenTtlDays * 86_400_000,
  });
}

export function clearRefreshCookie(res: Response, config: AppConfig): void {
  res.clearCookie(REFRESH_COOKIE, options(config));
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim()) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The refresh token from the body (programs) or else the cookie (the console); neither is a 400. */
export function refreshTokenOf(
  req: Request,
  fromBody: string | undefined,
): { token: string; fromCookie: boolean } {
  if (fromBody) return { token: fromBody, fromCookie: false };
  const cookie = readCookie(req, REFRESH_COOKIE);
  if (cookie) return { token: cookie, fromCookie: true };
  throw ValidationFailed.field('refreshToken', 'refreshToken should not be empty', 'isNotEmpty');
}
