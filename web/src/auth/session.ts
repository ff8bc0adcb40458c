// The signed-in session: tokens from kyc-service, kept in sessionStorage (per tab, survives a reload; refresh
// tokens rotate, so tabs must not share one), refreshed shortly before the access token expires.
import { readProblem } from '../api/problem';
import { AuthLostError } from '../realtime/GatewayClient';

export interface User { id: string; username: string; groups: string[] }
interface Stored { accessToken: string; refreshToken: string; expiresAt: number; user: User }
interface TokenResponse { accessToken: string; refreshToken: string; expiresIn: number }

const KEY = 'orbitlend.session';
/** Refresh this long before the access token expires. */
const REFRESH_LEAD_MS = 90_000;

export function decodeJwt(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function userOf(token: string): User {
  const claims = decodeJwt(token);
  const groups = Array.isArray(claims.groups) ? claims.groups.map(String) : [];
  const username = String(claims.preferred_username ?? claims.upn ?? claims.sub ?? '');
  return { id: String(claims.sub ?? ''), username, groups };
}

async function postAuth(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export class Session {
  private stored: Stored | null = null;
  private inflight: Promise<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor() {
    try {
      const raw = typeof sessionStorage !== 'undefined' ? sessionStorage.getItem(KEY) : null;
      if (raw) this.stored = JSON.parse(raw) as Stored;
    } catch {
      this.stored = null;
    }
    if (this.stored) this.schedule();
  }

  get user(): User | null {
    return this.stored?.user ?? null;
  }

  get isAdmin(): boolean {
    return this.stored?.user.groups.includes('admin') ?? false;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async login(username: string, password: string): Promise<User> {
    const res = await postAuth('/api/auth/login', { username, password });
    if (!res.ok) {
      throw await readProblem(res);
    }
    this.store((await res.json()) as TokenResponse);
    return this.stored!.user;
  }

  /** An access token valid for at least `minValidityMs`, refreshed first if needed. */
  async validToken(minValidityMs = 30_000): Promise<string> {
    if (!this.stored) throw new AuthLostError('not signed in');
    if (this.stored.expiresAt - Date.now() > minValidityMs) return this.stored.accessToken;
    return this.refresh();
  }

  /** Rotates the tokens (one request at a time: a refresh token works once). */
  refresh(): Promise<string> {
    if (!this.stored) return Promise.reject(new AuthLostError('not signed in'));
    if (!this.inflight) {
      const refreshToken = this.stored.refreshToken;
      this.inflight = (async () => {
        let res: Response;
        try {
          res = await postAuth('/api/auth/refresh', { refreshToken });
        } catch (e) {
          throw new Error(`token refresh failed: ${(e as Error).message}`);
        }
        if (res.status === 401 || res.status === 400) {
          this.clear();
          throw new AuthLostError('session ended; sign in again');
        }
        if (!res.ok) throw new Error(`token refresh failed: HTTP ${res.status}`);
        this.store((await res.json()) as TokenResponse);
        return this.stored!.accessToken;
      })().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  async logout(): Promise<void> {
    const refreshToken = this.stored?.refreshToken;
    this.clear();
    if (refreshToken) await postAuth('/api/auth/logout', { refreshToken }).catch(() => undefined);
  }

  private store(tokens: TokenResponse): void {
    this.stored = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: Date.now() + tokens.expiresIn * 1000,
      user: userOf(tokens.accessToken),
    };
    sessionStorage.setItem(KEY, JSON.stringify(this.stored));
    this.schedule();
    this.notify();
  }

  private clear(): void {
    clearTimeout(this.timer);
    const had = this.stored !== null;
    this.stored = null;
    sessionStorage.removeItem(KEY);
    if (had) this.notify();
  }

  /** Refreshes before expiry, so REST calls and the socket's in-session refresh find a valid token. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.stored) return;
    const remaining = this.stored.expiresAt - Date.now();
    const delay = Math.max(1000, remaining - Math.min(REFRESH_LEAD_MS, remaining / 2));
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        // network trouble: try again shortly while the token is still valid
        if (this.stored && this.stored.expiresAt > Date.now()) this.timer = setTimeout(() => this.schedule(), 10_000);
      });
    }, delay);
  }

  private notify(): void {
    for (const fn of [...this.listeners]) fn();
  }
}

export const session = new Session();
