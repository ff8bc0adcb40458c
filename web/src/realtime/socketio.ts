// The Socket.IO transport: the gateway's `/socket.io/` endpoint (notification-gateway/README.md, "Socket.IO")
// through the real socket.io-client, mapped onto the native frames GatewayClient understands, so the same state
// machine, hooks and test page work over either protocol.
//
//   Socket.IO (gateway -> app)                          native frame handed to GatewayClient
//   'connect' (socket.id, pid, recovered)               welcome {sessionId, userId, channels, expiresAt, cursor: pid}
//                                                       + resumed {recovered} when GatewayClient asked to resume
//   '<seed event>' (data, offset)                       event {event, channel (inferred), id, data, offset}
//   'gateway:error' {code, message}                     error
//   'gateway:closing' {code, reason} + 'disconnect'     close(code, reason)       (4401 token expired, 4429 slow)
//   'disconnect' (transport close, ping timeout, …)     close(1006, reason)       -> GatewayClient reconnects
//   'connect_error' (CONNECT_ERROR or dial failure)     close(1008 | 4401 | 4409 | 1006, message)
//
//   native frame (app -> gateway)                       Socket.IO
//   subscribe / unsubscribe {channel}                   emit('subscribe' | 'unsubscribe', channel, ack) -> subscribed | error
//   refresh {token}                                     emit('refresh', token, ack) -> refreshed | error; auth.token kept
//   ping                                                pong at the server's next Engine.IO heartbeat
//   any other {type, …}                                 emit(type, rest, ack) (the gateway answers unknown_event)
//
// Reconnecting is GatewayClient's (one backoff policy, the same "Reconnecting n/5"): socket.io-client runs with
// `reconnection: false`, and a reconnect reuses the same Socket object, so socket.io-client sends back its pid and
// last offset and the gateway recovers the session (`socket.recovered`) on whichever replica it reaches.
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { CloseCode, EVENT_NAMES, type ClientFrame, type EventName, type ServerFrame } from './protocol';
import type { Transport, TransportFactory, TransportHandlers } from './transport';

/** The part of socket.io-client's Socket this adapter uses (the unit tests mock exactly this). */
export interface SocketLike {
  id: string | undefined;
  connected: boolean;
  recovered: boolean;
  auth: { [key: string]: unknown } | ((cb: (data: object) => void) => void);
  readonly io: { on(event: 'ping', fn: () => void): unknown; off(event: 'ping', fn?: () => void): unknown };
  on(event: string, fn: (...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  off(event: string, fn?: (...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  onAny(fn: (event: string, ...args: unknown[]) => void): unknown;
  offAny(fn?: (event: string, ...args: unknown[]) => void): unknown;
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown };
  connect(): unknown;
  disconnect(): unknown;
}

export type IoFunction = (uri: string, opts: Partial<ManagerOptions & SocketOptions>) => SocketLike;

/** The close code GatewayClient sees for a transport failure (the browser's "abnormal closure"). */
export const ABNORMAL = 1006;
/** How long an acknowledgement (subscribe, unsubscribe, refresh) may take. */
export const ACK_TIMEOUT_MS = 10_000;

const SEED_EVENTS = new Set<string>(EVENT_NAMES);
const CLOSING = 'gateway:closing';
const ERROR = 'gateway:error';

interface Claims { sub?: string; groups?: string[]; exp?: number }

/** The claims of a JWT (not verified: the gateway does that; the app only reads its own subject and expiry). */
export function claimsOf(token: string): Claims {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null ? value as Claims : {};
  } catch {
    return {};
  }
}

/** The channels named by a v2 cursor (the gateway's Socket.IO pid is the socket's cursor at connect). */
export function channelsOfCursor(cursor: string | undefined): string[] | null {
  if (!cursor?.startsWith('v2,')) return null;
  return cursor.split(',').slice(1).map((e) => e.slice(0, e.lastIndexOf('='))).filter((c) => c.length > 0);
}

/** http(s)://host of a ws(s)://host/path URL: socket.io-client takes the origin and its own `path`. */
export function originOf(url: string): string {
  const u = new URL(url);
  const scheme = u.protocol === 'wss:' ? 'https:' : u.protocol === 'ws:' ? 'http:' : u.protocol;
  return `${scheme}//${u.host}`;
}

/** The close code for a refused CONNECT (CONNECT_ERROR messages of the gateway's README) or a failed dial. */
export function connectErrorCode(message: string): number {
  if (/^unsupported subject/i.test(message)) return CloseCode.POLICY; // no channel for this token: stop at once
  if (/^unauthorized/i.test(message)) return CloseCode.TOKEN_EXPIRED; // reconnect with a fresh token
  if (/^too many connections/i.test(message)) return CloseCode.TOO_MANY_CONNECTIONS;
  return ABNORMAL;
}

/**
 * One connection attempt over a Socket.IO socket: listens on the socket until it closes (or `close()`), translates
 * in both directions. The socket itself may outlive it (the next attempt reuses it to be recovered).
 */
export class SocketIoAdapter implements Transport {
  private done = false;
  private closing: { code: number; reason: string } | null = null;
  private seq = 0;
  private subscribed = new Set<string>();
  private channels: string[] = [];
  private readonly claims: Claims;
  private readonly listeners: [string, (...args: any[]) => void][] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  private readonly anyListener = (event: string, ...args: unknown[]) => this.onEvent(event, args);
  private pendingPing: (() => void) | null = null;

  constructor(
    private readonly socket: SocketLike,
    token: string,
    private readonly handlers: TransportHandlers,
    /** true when GatewayClient dials with a cursor: the answer then says whether the session was recovered. */
    private readonly resuming: boolean,
  ) {
    this.claims = claimsOf(token);
    this.listen('connect', () => this.onConnect());
    this.listen('connect_error', (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.finish(connectErrorCode(message), message);
    });
    this.listen('disconnect', (reason: string, description?: unknown) => this.onDisconnect(reason, description));
    this.socket.onAny(this.anyListener);
    if (socket.connected) queueMicrotask(() => this.onConnect());
  }

  send(text: string): void {
    if (this.done) return;
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = null;
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)
      || typeof (frame as { type?: unknown }).type !== 'string') {
      this.deliver({ type: 'error', code: 'invalid_message',
        message: 'the Socket.IO transport sends JSON objects with a "type" as Socket.IO events; nothing was sent' });
      return;
    }
    const f = frame as ClientFrame | ({ type: string } & Record<string, unknown>);
    switch (f.type) {
      case 'subscribe':
      case 'unsubscribe': {
        const channel = (f as { channel?: unknown }).channel;
        this.ask(f.type, channel, (answer) => {
          const name = typeof channel === 'string' ? channel : String(answer.channel ?? '');
          if (answer.ok === true) {
            if (f.type === 'subscribe') this.subscribed.add(name);
            else this.subscribed.delete(name);
            this.deliver({ type: f.type === 'subscribe' ? 'subscribed' : 'unsubscribed', channel: name });
          } else this.deliverError(answer, name);
        });
        return;
      }
      case 'refresh': {
        const token = (f as { token?: unknown }).token;
        this.ask('refresh', token, (answer) => {
          if (answer.ok === true && typeof answer.expiresAt === 'string') {
            // the next (re)connect authenticates with the refreshed token
            if (typeof token === 'string' && typeof this.socket.auth === 'object') this.socket.auth = { ...this.socket.auth, token };
            this.deliver({ type: 'refreshed', expiresAt: answer.expiresAt });
          } else this.deliverError(answer);
        });
        return;
      }
      case 'ping':
        // Socket.IO has no client ping (Engine.IO 4: the server pings, socket.io-client answers and drops the
        // connection itself when pings stop): the proof of life is the server's next heartbeat.
        if (this.pendingPing) return;
        this.pendingPing = () => {
          this.socket.io.off('ping', this.pendingPing ?? undefined);
          this.pendingPing = null;
          this.deliver({ type: 'pong', via: 'engine.io heartbeat' } as ServerFrame);
        };
        this.socket.io.on('ping', this.pendingPing);
        return;
      default: {
        const { type, ...rest } = f as { type: string } & Record<string, unknown>;
        this.ask(type, rest, (answer) => {
          if (answer.ok === false) this.deliverError(answer);
          else this.handlers.onMessage(JSON.stringify({ type: 'ack', event: type, answer }));
        });
      }
    }
  }

  close(): void {
    if (this.done) return;
    this.detach();
    this.socket.disconnect();
  }

  // ---- Socket.IO -> native frames --------------------------------------------------------------------------

  private onConnect(): void {
    if (this.done) return;
    const pid = (this.socket as unknown as { _pid?: string })._pid;
    const fromPid = channelsOfCursor(pid);
    this.channels = fromPid ?? this.tokenChannels();
    this.subscribed = new Set(this.channels.filter((c) => c.startsWith('public:')));
    this.handlers.onOpen();
    const expiresAt = this.claims.exp ? new Date(this.claims.exp * 1000).toISOString() : '';
    this.deliver({
      type: 'welcome', sessionId: this.socket.id ?? '', userId: this.claims.sub ?? '', channels: this.channels,
      // 0: the transport keeps its own heartbeat (Engine.IO's), GatewayClient sends no pings
      heartbeatIntervalSeconds: 0, expiresAt, ...(fromPid ? { cursor: pid } : {}),
      transport: 'socket.io', recovered: this.socket.recovered,
    } as ServerFrame);
    if (this.resuming) {
      this.deliver({
        type: 'resumed', recovered: this.socket.recovered, ...(this.socket.recovered ? {} : { reason: 'not_recovered' }),
        ...(fromPid ? { cursor: pid } : {}),
      });
    }
  }

  private onEvent(event: string, args: unknown[]): void {
    if (this.done) return;
    const [data, offset] = args;
    if (event === CLOSING) {
      const c = data as { code?: unknown; reason?: unknown } | undefined;
      if (typeof c?.code === 'number') this.closing = { code: c.code, reason: String(c.reason ?? '') };
      return;
    }
    if (event === ERROR) {
      this.deliverError((data ?? {}) as Record<string, unknown>);
      return;
    }
    if (!SEED_EVENTS.has(event)) return;
    const payload = (data ?? {}) as { timestamp?: unknown };
    this.deliver({
      type: 'event', event: event as EventName, channel: this.channelOf(event as EventName, data),
      id: `sio-${this.socket.id ?? ''}-${++this.seq}`, pos: '',
      timestamp: typeof payload.timestamp === 'string' ? payload.timestamp : '',
      data: data as never, ...(typeof offset === 'string' ? { offset } : {}),
    } as ServerFrame);
  }

  private onDisconnect(reason: string, description?: unknown): void {
    if (reason === 'io server disconnect') {
      const closing = this.closing;
      this.finish(closing?.code ?? CloseCode.NORMAL, closing?.reason || reason);
      return;
    }
    const detail = description instanceof Error ? `: ${description.message}` : '';
    this.finish(ABNORMAL, `${reason}${detail}`);
  }

  /**
   * Socket.IO events name no channel: inferred from the gateway's routing table (README "Routing") and this
   * socket's channels. The app uses it to tell personal notifications from the public market feed.
   */
  private channelOf(event: EventName, data: unknown): string {
    const userId = (data as { userId?: unknown } | null)?.userId;
    switch (event) {
      case 'loan:new':
      case 'admin:notification':
        return 'role:admin';
      case 'marketplace:update':
        return this.subscribed.has('public:marketplace') ? 'public:marketplace' : `user:${this.claims.sub ?? ''}`;
      default:
        return typeof userId === 'string' ? `user:${userId}` : `user:${this.claims.sub ?? ''}`;
    }
  }

  private tokenChannels(): string[] {
    const channels = this.claims.sub ? [`user:${this.claims.sub}`] : [];
    for (const g of this.claims.groups ?? []) channels.push(`role:${g}`);
    return channels;
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private ask(event: string, argument: unknown, answered: (answer: Record<string, unknown>) => void): void {
    this.socket.timeout(ACK_TIMEOUT_MS).emit(event, argument, (err: unknown, answer: unknown) => {
      if (this.done) return;
      if (err) {
        this.deliver({ type: 'error', code: 'timeout', message: `no acknowledgement of "${event}" within ${ACK_TIMEOUT_MS / 1000} s` });
        return;
      }
      answered(typeof answer === 'object' && answer !== null ? answer as Record<string, unknown> : { ok: false, code: 'invalid_message', message: `unexpected answer ${JSON.stringify(answer)}` });
    });
  }

  private deliverError(answer: Record<string, unknown>, channel?: string): void {
    this.deliver({
      type: 'error', code: String(answer.code ?? 'error'), message: String(answer.message ?? ''),
      ...(channel ? { channel } : typeof answer.channel === 'string' ? { channel: answer.channel } : {}),
    });
  }

  private deliver(frame: ServerFrame): void {
    if (!this.done) this.handlers.onMessage(JSON.stringify(frame));
  }

  private finish(code: number, reason: string): void {
    if (this.done) return;
    this.detach();
    this.handlers.onClose(code, reason);
  }

  private listen(event: string, fn: (...args: any[]) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any
    this.listeners.push([event, fn]);
    this.socket.on(event, fn);
  }

  private detach(): void {
    this.done = true;
    for (const [event, fn] of this.listeners) this.socket.off(event, fn);
    this.socket.offAny(this.anyListener);
    if (this.pendingPing) this.socket.io.off('ping', this.pendingPing);
    this.pendingPing = null;
  }
}

/**
 * The Socket.IO TransportFactory. A dial without `?cursor=` (a new GatewayClient session) opens a new socket; a
 * dial with one (a reconnect) reuses the previous socket with the new token, so it is recovered.
 */
export function socketIoTransport(ioFn: IoFunction = io as unknown as IoFunction): TransportFactory {
  let last: SocketLike | null = null;
  return (url, token, handlers) => {
    const resuming = new URL(url).searchParams.has('cursor');
    let socket: SocketLike;
    if (resuming && last) {
      socket = last;
      socket.auth = { token };
      const adapter = new SocketIoAdapter(socket, token, handlers, true);
      socket.connect();
      return adapter;
    }
    last?.disconnect();
    socket = ioFn(originOf(url), {
      path: '/socket.io/', transports: ['websocket'], auth: { token },
      reconnection: false, // GatewayClient reconnects (with a fresh token, its backoff and attempt count)
      forceNew: true, // one Manager per session: never a socket of an earlier session (or user) multiplexed
      autoConnect: false,
    });
    last = socket;
    const adapter = new SocketIoAdapter(socket, token, handlers, resuming);
    socket.connect();
    return adapter;
  };
}
