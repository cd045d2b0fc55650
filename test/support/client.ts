import TestAgent from 'supertest/lib/agent';
import Test from 'supertest/lib/test';

/** Where every route of the API lives. */
export const API = '/api/v1';

/**
 * Who calls: a user (its bearer access token), a bare access token, an integration (`{apiKey}`), a
 * supplier through the portal (`{portal}`, its link token), or nobody (`null`).
 */
export type Caller = string | { accessToken: string } | { apiKey: string } | { portal: string } | null;

/** The header of a bearer access token, for `.set(...bearer(token))`. */
export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

/** The header that authenticates `who`, or none for an anonymous caller. */
export function authHeader(who: Caller): [string, string] | undefined {
  if (who === null) return undefined;
  if (typeof who === 'string') return bearer(who);
  if ('apiKey' in who) return ['X-API-Key', who.apiKey];
  if ('portal' in who) return ['Authorization', `Portal ${who.portal}`];
  return bearer(who.accessToken);
}

/** Requests to the API (paths relative to `API`) as one caller; each returns the supertest request. */
export interface ApiClient {
  get(path: string): Test;
  delete(path: string): Test;
  /** Sends `body` as JSON (`{}` unless told, as a form with no fields would). */
  post(path: string, body?: string | object): Test;
  put(path: string, body: string | object): Test;
  patch(path: string, body: string | object): Test;
  /** A request with nothing sent yet, e.g. for a multipart upload (`.attach`) or a raw body. */
  request(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string): Test;
}

export function apiClient(http: TestAgent, who: Caller): ApiClient {
  const auth = authHeader(who);
  const request = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string): Test => {
    const req = http[method](`${API}${path}`);
    return auth ? req.set(...auth) : req;
  };
  return {
    request,
    get: (path) => request('get', path),
    delete: (path) => request('delete', path),
    post: (path, body = {}) => request('post', path).send(body),
    put: (path, body) => request('put', path).send(body),
    patch: (path, body) => request('patch', path).send(body),
  };
}
