// fetch against the same origin (/api/... is routed by the edge, or by Vite's proxy in development), with the
// bearer token of the session and RFC 9457 problem+json errors turned into ApiError.
import { session } from '../auth/session';

import { ApiError, readProblem } from './problem';

export { ApiError, readProblem };
export type { FieldError, Problem } from './problem';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Send the session's token (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const send = async (token: string | null) => {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    return fetch(path, {
      method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  };
  const auth = options.auth ?? true;
  let res = await send(auth ? await session.validToken() : null);
  if (res.status === 401 && auth) {
    // the token may have been revoked or expired in between: one refresh, one retry
    res = await send(await session.refresh());
  }
  if (!res.ok) throw await readProblem(res);
  if (res.status === 204 || res.headers.get('Content-Length') === '0') return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
