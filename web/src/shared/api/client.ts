import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** A refused request: the problem+json the API answered, with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
    readonly retryAfter?: number,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /**
   * The problem with `field` or a part of it (`scope.dataCategories[0]` belongs to `scope`), worded for
   * the form: shown under the field's own label, the message drops the property name it starts with and
   * begins with a capital ("website must be a URL address" reads "Must be a URL address"); a part's
   * problem keeps the part's name.
   */
  fieldError(field: string): string | undefined {
    const hit = this.problem.errors?.find(
      (e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
    );
    if (!hit || hit.field !== field) return hit?.message;
    const name = field.slice(field.search(/[^.\]]*$/));
    const rest =
      name && hit.message.startsWith(`${name} `) ? hit.message.slice(name.length + 1) : hit.message;
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }
}

let accessToken: string | undefined;
let onUnauthorized: (() => Promise<boolean>) | undefined;

/** The access token lives here, in memory only: never in storage, never in a cookie page script reads. */
export function setAccessToken(token: string | undefined): void {
  accessToken = token;
}

export function hasAccessToken(): boolean {
  return accessToken !== undefined;
}

/** The session installs this: a 401 triggers one refresh through the cookie, then one retry. */
export function setUnauthorizedHandler(handler: (() => Promise<boolean>) | undefined): void {
  onUnauthorized = handler;
}

const bearer: Middleware = {
  onRequest({ request }) {
    if (accessToken && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${accessToken}`);
    }
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  credentials: 'same-origin',
});
api.use(bearer);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function toError(answer: Answer<unknown>): ApiError {
  const problem = (answer.error && typeof answer.error === 'object' ? answer.error : {}) as Partial<Problem>;
  const retry = Number(answer.response.headers.get('Retry-After'));
  return new ApiError(
    answer.response.status,
    problem,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

/**
 * Runs one typed call and answers its data or throws ApiError. A 401 with a session gets one refresh
 * and one retry, so an access token that expired in a sleeping tab does not sign the user out.
 */
export async function call<T>(run: () => Promise<Answer<T>>): Promise<T> {
  let answer = await run();
  if (answer.response.status === 401 && accessToken && onUnauthorized && (await onUnauthorized())) {
    answer = await run();
  }
  if (!answer.response.ok) throw toError(answer);
  return answer.data as T;
}

/** The Authorization header of a file transfer: the caller's own (the portal's link), else the session's. */
function authorization(own?: string): Record<string, string> {
  if (own) return { Authorization: own };
  return accessToken ? { Authorization: `Bearer ${accessToken}` } : {};
}

/**
 * Multipart uploads (evidence, signed documents): the generated types describe the form, fetch sends it.
 * `auth` replaces the session's bearer token (the portal sends `Portal <token>`; no refresh then).
 */
export async function upload<T>(path: string, form: FormData, auth?: string): Promise<T> {
  const send = () =>
    fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: authorization(auth) });
  let response = await send();
  if (response.status === 401 && !auth && onUnauthorized && (await onUnauthorized())) response = await send();
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toError({ error: body, response });
  return body as T;
}

/** Downloads a protected file (the bearer token cannot ride on a plain link) and saves it. */
export async function download(path: string, filename: string, auth?: string): Promise<void> {
  const response = await fetch(path, { credentials: 'same-origin', headers: authorization(auth) });
  if (!response.ok) throw toError({ error: await response.json().catch(() => undefined), response });
  saveBlob(await response.blob(), filename);
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
