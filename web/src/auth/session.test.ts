import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthLostError } from '../realtime/GatewayClient';

const store = new Map<string, string>();
vi.stubGlobal('sessionStorage', {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
  removeItem: (k: string) => void store.delete(k),
});
const { Session } = await import('./session');

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (sub: string, n: number) => `${b64({ alg: 'RS256' })}.${b64({ sub, preferred_username: 'alice', groups: ['user'], n })}.sig`;
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  store.clear();
});

describe('session', () => {
  it('logs in, reads the user from the token, and rotates the refresh token once for concurrent callers', async () => {
    let refreshes = 0;
    const fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
      if (path === '/api/auth/login') return json(200, { accessToken: jwt('u1', 0), refreshToken: 'r0', expiresIn: 900 });
      if (path === '/api/auth/refresh') {
        refreshes++;
        expect(JSON.parse(String(init?.body))).toEqual({ refreshToken: 'r0' });
        await new Promise((r) => setTimeout(r, 20));
        return json(200, { accessToken: jwt('u1', 1), refreshToken: 'r1', expiresIn: 900 });
      }
      throw new Error(path);
    });
    vi.stubGlobal('fetch', fetchMock);
    const s = new Session();
    expect(await s.login('alice', 'pw')).toEqual({ id: 'u1', username: 'alice', groups: ['user'] });
    expect(await s.validToken()).toBe(jwt('u1', 0)); // valid for 15 min: no refresh
    const [a, b] = await Promise.all([s.refresh(), s.refresh()]);
    expect(a).toBe(jwt('u1', 1));
    expect(b).toBe(a);
    expect(refreshes).toBe(1);
    expect(JSON.parse(store.get('orbitlend.session')!).refreshToken).toBe('r1');
    await s.logout();
  });

  it('refreshes a token about to expire, and ends the session when the refresh token is refused', async () => {
    vi.stubGlobal('fetch', vi.fn(async (path: string) => {
      if (path === '/api/auth/login') return json(200, { accessToken: jwt('u1', 0), refreshToken: 'r0', expiresIn: 20 });
      if (path === '/api/auth/refresh') return json(401, { title: 'Unauthorized', status: 401 });
      throw new Error(path);
    }));
    const s = new Session();
    await s.login('alice', 'pw');
    await expect(s.validToken(30_000)).rejects.toBeInstanceOf(AuthLostError);
    expect(s.user).toBeNull();
    expect(store.has('orbitlend.session')).toBe(false);
  });

  it('turns a refused login into the problem+json message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'Invalid username or password.' }),
      { status: 401, headers: { 'Content-Type': 'application/problem+json' } })));
    await expect(new Session().login('alice', 'nope')).rejects.toThrow('Invalid username or password.');
  });
});
