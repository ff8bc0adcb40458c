// The typed client of the gateway protocol: one connection per signed-in tab, shared by every hook.
//
// State machine:  idle ─connect()─> connecting ─welcome─> live
//                 live ─close/dead─> reconnecting n/max ─(backoff with full jitter)─> … ─welcome─> live
//                 reconnecting max/max ─fails─> offline ─retry()─> connecting
//                 any ─disconnect()─> closed
// It resumes with the cursor it keeps (nothing missed, nothing twice), asks for a REST reload ("resync") when the
// gateway could not honour the cursor, refreshes the token in-session before it expires and before every
// reconnect, pings to detect a dead connection, and re-subscribes public channels after a reconnect.

import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { Positions, RecentIds } from './cursor';
import {
  CloseCode, parseServerFrame, type ClientFrame, type ErrorFrame, type EventFrame, type EventMap, type EventName,
  type ServerFrame, type WelcomeFrame,
} from './protocol';
import { nativeTransport, type Transport, type TransportFactory } from './transport';

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'live'; sessionId: string; userId: string; channels: string[] }
  | { kind: 'reconnecting'; attempt: number; maxAttempts: number; delayMs: number; lastClose?: number }
  | { kind: 'offline'; reason: string }
  | { kind: 'closed' };

export type TokenPurpose = 'connect' | 'reconnect' | 'refresh';

/** Thrown by getToken when the user has no valid session any more: the client goes offline without retrying. */
export class AuthLostError extends Error {
  constructor(message = 'signed out') {
    super(message);
    this.name = 'AuthLostError';
  }
}

export interface FrameLogEntry {
  direction: 'in' | 'out' | 'info';
  text: string;
  at: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface GatewayClientOptions {
  /** The gateway's WebSocket URL without query, e.g. wss://host/ws. */
  url: string | (() => string);
  /** A valid access token: 'reconnect' and 'refresh' must return a freshly refreshed one. */
  getToken: (purpose: TokenPurpose) => Promise<string>;
  transport?: TransportFactory;
  /** Reconnect attempts before going offline (the seed's 5). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Refresh the token this long before the session's expiresAt (at most half the remaining time). */
  refreshLeadMs?: number;
  /** How long to wait for any frame after a ping before the connection counts as dead (at most the interval). */
  pongTimeoutMs?: number;
  /** How long a connection may take from opening the socket to the welcome frame. */
  handshakeTimeoutMs?: number;
  timers?: Timers;
}

type Listener<T> = (value: T) => void;
type TimerName = 'reconnect' | 'ping' | 'pong' | 'refresh' | 'handshake';

export class GatewayClient {
  private readonly opts: Required<Omit<GatewayClientOptions, 'url' | 'getToken' | 'transport'>> & GatewayClientOptions;
  private readonly t: Timers;
  private readonly transportFactory: TransportFactory;
  private state: ConnectionState = { kind: 'idle' };
  private transport: Transport | null = null;
  private generation = 0;
  private attempt = 0;
  private open = false;
  private resuming = false;
  private readonly positions = new Positions();
  private readonly seen = new RecentIds();
  private readonly desired = new Set<string>();
  private timers: Partial<Record<TimerName, unknown>> = {};
  private heartbeatMs = 20_000;

  private readonly eventListeners = new Map<string, Set<Listener<EventFrame>>>();
  private readonly statusListeners = new Set<Listener<ConnectionState>>();
  private readonly frameListeners = new Set<Listener<FrameLogEntry>>();
  private readonly resyncListeners = new Set<Listener<string>>();
  private readonly errorListeners = new Set<Listener<ErrorFrame>>();

  constructor(options: GatewayClientOptions) {
    this.opts = {
      maxAttempts: 5, backoff: DEFAULT_BACKOFF, random: Math.random, refreshLeadMs: 60_000, pongTimeoutMs: 10_000,
      handshakeTimeoutMs: 15_000, timers: realTimers, ...options,
    };
    this.t = this.opts.timers;
    this.transportFactory = options.transport ?? nativeTransport();
  }

  // ---- public API ------------------------------------------------------------------------------------------

  get status(): ConnectionState {
    return this.state;
  }

  /** The cursor a reconnect would resume from (null before the first welcome). */
  get cursor(): string | null {
    return this.positions.cursor();
  }

  get subscriptions(): string[] {
    return [...this.desired];
  }

  /** Starts connecting (no-op while connecting or live). */
  connect(): void {
    if (this.state.kind === 'connecting' || this.state.kind === 'live' || this.state.kind === 'reconnecting') return;
    this.attempt = 0;
    this.setState({ kind: 'connecting' });
    void this.dial();
  }

  /** After "offline": starts over with a fresh set of attempts, still resuming from the cursor. */
  retry(): void {
    if (this.state.kind === 'reconnecting') {
      this.clearTimer('reconnect');
      this.setState({ kind: 'connecting' });
      this.attempt = 0;
      void this.dial();
      return;
    }
    this.connect();
  }

  /** Closes the connection and stays closed until connect(). The cursor is kept, so connect() resumes. */
  disconnect(): void {
    this.generation++;
    this.stopTimers();
    this.open = false;
    const transport = this.transport;
    this.transport = null;
    transport?.close(CloseCode.NORMAL, 'client disconnect');
    this.info('disconnected by the client');
    this.setState({ kind: 'closed' });
  }

  /** Forgets the cursor and subscriptions (sign-out). */
  reset(): void {
    this.disconnect();
    this.positions.clear();
    this.desired.clear();
    this.setState({ kind: 'idle' });
  }

  subscribe(channel: string): void {
    this.desired.add(channel);
    if (this.open) this.send({ type: 'subscribe', channel });
  }

  unsubscribe(channel: string): void {
    this.desired.delete(channel);
    if (this.open) this.send({ type: 'unsubscribe', channel });
  }

  ping(): boolean {
    return this.send({ type: 'ping' });
  }

  /** Sends a protocol frame; false when not connected. */
  send(frame: ClientFrame): boolean {
    return this.sendRaw(JSON.stringify(frame));
  }

  /** Sends any text as it is (the test page uses it to see the gateway's error frames). */
  sendRaw(text: string): boolean {
    if (!this.open || !this.transport) return false;
    this.transport.send(text);
    const logged = text.includes('"refresh"') ? text.replace(/"token"\s*:\s*"[^"]*"/, '"token":"…"') : text;
    this.emit(this.frameListeners, { direction: 'out', text: logged, at: this.t.now() });
    return true;
  }

  on<E extends EventName>(event: E, fn: (data: EventMap[E], frame: EventFrame<E>) => void): () => void {
    const wrapped = (frame: EventFrame) => fn(frame.data as EventMap[E], frame as EventFrame<E>);
    return this.add(this.eventListeners, event, wrapped);
  }

  onAnyEvent(fn: Listener<EventFrame>): () => void {
    return this.add(this.eventListeners, '*', fn);
  }

  onStatus(fn: Listener<ConnectionState>): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  onFrame(fn: Listener<FrameLogEntry>): () => void {
    this.frameListeners.add(fn);
    return () => this.frameListeners.delete(fn);
  }

  /** Called when state must be reloaded over REST: a fresh session, or a resume that could not be honoured. */
  onResync(fn: Listener<string>): () => void {
    this.resyncListeners.add(fn);
    return () => this.resyncListeners.delete(fn);
  }

  onError(fn: Listener<ErrorFrame>): () => void {
    this.errorListeners.add(fn);
    return () => this.errorListeners.delete(fn);
  }

  // ---- connection ------------------------------------------------------------------------------------------

  private async dial(): Promise<void> {
    const gen = ++this.generation;
    let token: string;
    try {
      token = await this.opts.getToken(this.positions.isEmpty && this.attempt === 0 ? 'connect' : 'reconnect');
    } catch (e) {
      if (gen !== this.generation) return;
      if (e instanceof AuthLostError) {
        this.info(`token unavailable: ${e.message}`);
        this.setState({ kind: 'offline', reason: 'signed out' });
        return;
      }
      this.info(`token refresh failed: ${(e as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    if (gen !== this.generation) return;
    const base = typeof this.opts.url === 'function' ? this.opts.url() : this.opts.url;
    const cursor = this.positions.cursor();
    this.resuming = cursor !== null;
    const url = cursor ? `${base}?cursor=${encodeURIComponent(cursor)}` : base;
    this.info(cursor ? `connecting, resuming from ${cursor}` : 'connecting');
    this.timers.handshake = this.t.setTimeout(() => {
      if (gen === this.generation) this.dropConnection(CloseCode.CLIENT_HEARTBEAT, 'no welcome in time');
    }, this.opts.handshakeTimeoutMs);
    try {
      this.transport = this.transportFactory(url, token, {
      onOpen: () => {
        if (gen === this.generation) this.open = true;
      },
      onMessage: (text) => {
        if (gen === this.generation) this.receive(text);
      },
      onClose: (code, reason) => {
        if (gen === this.generation) this.closed(code, reason);
      },
      });
    } catch (e) {
      this.clearTimer('handshake');
      this.info(`cannot open the connection: ${(e as Error).message}`);
      this.scheduleReconnect();
    }
  }

  private receive(text: string): void {
    this.emit(this.frameListeners, { direction: 'in', text, at: this.t.now() });
    this.armPongWatch(false);
    const frame = parseServerFrame(text);
    if (!frame) return;
    this.handle(frame);
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.welcomed(frame);
        break;
      case 'resumed':
        if (frame.cursor) this.positions.replace(frame.cursor);
        if (!frame.recovered) this.emit(this.resyncListeners, frame.reason ?? 'not_recovered');
        break;
      case 'subscribed':
      case 'unsubscribed':
        if (frame.cursor) this.positions.replace(frame.cursor);
        break;
      case 'event':
        if (!this.seen.add(frame.channel, frame.id)) return;
        // a transport that keeps its own resume state (Socket.IO: pid + offset) sends events without a pos
        if (frame.pos) this.positions.advance(frame.channel, frame.pos);
        this.dispatch(frame);
        break;
      case 'refreshed':
        this.scheduleRefresh(frame.expiresAt);
        break;
      case 'error':
        this.emit(this.errorListeners, frame);
        break;
      case 'pong':
        break;
    }
  }

  private welcomed(frame: WelcomeFrame): void {
    this.clearTimer('handshake');
    this.open = true;
    this.attempt = 0;
    if (frame.cursor) this.positions.replace(frame.cursor);
    // 0: the transport has a heartbeat of its own (Socket.IO: Engine.IO's ping/pong) and reports a dead connection
    if (frame.heartbeatIntervalSeconds === 0) this.clearTimer('ping');
    else {
      this.heartbeatMs = Math.max(50, (frame.heartbeatIntervalSeconds || 20) * 1000);
      this.startHeartbeat();
    }
    this.scheduleRefresh(frame.expiresAt);
    this.setState({ kind: 'live', sessionId: frame.sessionId, userId: frame.userId, channels: frame.channels });
    for (const channel of this.desired) {
      if (!frame.channels.includes(channel)) this.send({ type: 'subscribe', channel });
    }
    if (!this.resuming) this.emit(this.resyncListeners, 'new_session');
  }

  private closed(code: number, reason: string): void {
    this.info(`closed ${code}${reason ? ` ${reason}` : ''}`);
    this.generation++;
    this.transport = null;
    this.open = false;
    this.stopTimers();
    if (code === CloseCode.POLICY) {
      this.setState({ kind: 'offline', reason: `refused by the gateway (${code}${reason ? ` ${reason}` : ''})` });
      return;
    }
    this.scheduleReconnect(code);
  }

  /** Gives up on the current connection at once (a dead TCP connection may take minutes to report its close). */
  private dropConnection(code: number, why: string): void {
    const transport = this.transport;
    this.info(why);
    this.closed(code, why);
    transport?.close(code, why);
  }

  private scheduleReconnect(lastClose?: number): void {
    this.attempt++;
    if (this.attempt > this.opts.maxAttempts) {
      this.setState({ kind: 'offline', reason: `no connection after ${this.opts.maxAttempts} attempts` });
      return;
    }
    const delayMs = backoffDelay(this.attempt, this.opts.random, this.opts.backoff);
    this.setState({ kind: 'reconnecting', attempt: this.attempt, maxAttempts: this.opts.maxAttempts, delayMs, lastClose });
    this.info(`reconnect ${this.attempt}/${this.opts.maxAttempts} in ${delayMs} ms`);
    this.timers.reconnect = this.t.setTimeout(() => void this.dial(), delayMs);
  }

  // ---- heartbeat and token refresh ---------------------------------------------------------------------------

  private startHeartbeat(): void {
    this.clearTimer('ping');
    const tick = () => {
      if (this.send({ type: 'ping' })) this.armPongWatch(true);
      this.timers.ping = this.t.setTimeout(tick, this.heartbeatMs);
    };
    this.timers.ping = this.t.setTimeout(tick, this.heartbeatMs);
  }

  /** After a ping: expect any frame within the pong timeout. Any frame received disarms it. */
  private armPongWatch(arm: boolean): void {
    this.clearTimer('pong');
    if (!arm) return;
    const gen = this.generation;
    this.timers.pong = this.t.setTimeout(() => {
      if (gen === this.generation) this.dropConnection(CloseCode.CLIENT_HEARTBEAT, 'heartbeat: no answer to ping');
    }, Math.min(this.opts.pongTimeoutMs, this.heartbeatMs));
  }

  private scheduleRefresh(expiresAt: string): void {
    this.clearTimer('refresh');
    const remaining = Date.parse(expiresAt) - this.t.now();
    if (!Number.isFinite(remaining)) return;
    const delay = Math.max(0, remaining - Math.min(this.opts.refreshLeadMs, remaining / 2));
    const gen = this.generation;
    this.timers.refresh = this.t.setTimeout(async () => {
      try {
        const token = await this.opts.getToken('refresh');
        if (gen === this.generation) this.send({ type: 'refresh', token });
      } catch (e) {
        this.info(`in-session token refresh failed: ${(e as Error).message}`);
      }
    }, delay);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private dispatch(frame: EventFrame): void {
    for (const fn of [...(this.eventListeners.get(frame.event) ?? []), ...(this.eventListeners.get('*') ?? [])]) {
      try {
        fn(frame);
      } catch (e) {
        console.error('event listener failed', e);
      }
    }
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.emit(this.statusListeners, state);
  }

  private info(text: string): void {
    this.emit(this.frameListeners, { direction: 'info', text, at: this.t.now() });
  }

  private emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const fn of [...listeners]) fn(value);
  }

  private add<T>(map: Map<string, Set<Listener<T>>>, key: string, fn: Listener<T>): () => void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(fn);
    return () => set!.delete(fn);
  }

  private clearTimer(name: TimerName): void {
    if (this.timers[name] !== undefined) this.t.clearTimeout(this.timers[name]);
    this.timers[name] = undefined;
  }

  private stopTimers(): void {
    for (const name of ['reconnect', 'ping', 'pong', 'refresh', 'handshake'] as const) this.clearTimer(name);
  }
}

/** The text of the status indicator. */
export function statusText(state: ConnectionState): string {
  switch (state.kind) {
    case 'connecting': return 'Connecting';
    case 'live': return 'Live';
    case 'reconnecting': return `Reconnecting ${state.attempt}/${state.maxAttempts}`;
    default: return 'Offline — retry';
  }
}
