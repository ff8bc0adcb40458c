// SocketIoAdapter and socketIoTransport against a mock of socket.io-client's Socket object (the one thing mocked):
// how the gateway's Socket.IO events, acknowledgements and disconnects map onto the native frames.
import { describe, expect, it } from 'vitest';
import { channelsOfCursor, claimsOf, connectErrorCode, originOf, socketIoTransport, type IoFunction, type SocketLike } from './socketio';
import type { TransportHandlers } from './transport';

type Fn = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A mock of the socket.io-client Socket: records emits and connects, lets the test fire what the server would. */
class MockSocket implements SocketLike {
  id: string | undefined = undefined;
  connected = false;
  recovered = false;
  auth: { [key: string]: unknown } = {};
  _pid: string | undefined;
  connects = 0;
  disconnects = 0;
  emitted: { event: string; args: unknown[]; timeout: number; ack: Fn }[] = [];
  private readonly handlers = new Map<string, Set<Fn>>();
  private readonly anyHandlers = new Set<Fn>();
  private readonly managerHandlers = new Set<Fn>();
  readonly io = {
    on: (_e: 'ping', fn: () => void) => this.managerHandlers.add(fn),
    off: (_e: 'ping', fn?: () => void) => (fn ? this.managerHandlers.delete(fn) : this.managerHandlers.clear()),
  };

  on(event: string, fn: Fn) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(fn);
  }
  off(event: string, fn?: Fn) {
    if (fn) this.handlers.get(event)?.delete(fn);
    else this.handlers.delete(event);
  }
  onAny(fn: Fn) { this.anyHandlers.add(fn); }
  offAny(fn?: Fn) { if (fn) this.anyHandlers.delete(fn); else this.anyHandlers.clear(); }
  timeout(ms: number) {
    return { emit: (event: string, ...args: unknown[]) => { this.emitted.push({ event, args: args.slice(0, -1), timeout: ms, ack: args.at(-1) as Fn }); } };
  }
  connect() { this.connects++; }
  disconnect() { this.disconnects++; this.connected = false; }

  // what the server side would cause
  accept(id: string, pid: string, recovered = false) {
    this.id = id;
    this._pid = pid;
    this.connected = true;
    this.recovered = recovered;
    this.reserved('connect');
  }
  reserved(event: string, ...args: unknown[]) {
    for (const fn of [...(this.handlers.get(event) ?? [])]) fn(...args);
  }
  event(event: string, ...args: unknown[]) {
    for (const fn of [...this.anyHandlers]) fn(event, ...args);
    for (const fn of [...(this.handlers.get(event) ?? [])]) fn(...args);
  }
  enginePing() { for (const fn of [...this.managerHandlers]) fn(); }
  listenerCount() {
    return [...this.handlers.values()].reduce((n, s) => n + s.size, 0) + this.anyHandlers.size + this.managerHandlers.size;
  }
}

const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const EXP = 2_000_000_000;
const TOKEN = `${b64({ alg: 'RS256' })}.${b64({ sub: 'u-42', groups: ['admin'], exp: EXP })}.sig`;
const PID = 'v2,user:u-42=0:17,role:admin=2:5';

function setup() {
  const sockets: MockSocket[] = [];
  const calls: { uri: string; opts: Record<string, unknown> }[] = [];
  const ioFn: IoFunction = (uri, opts) => {
    calls.push({ uri, opts: opts as Record<string, unknown> });
    const s = new MockSocket();
    s.auth = { ...(opts.auth as object) };
    sockets.push(s);
    return s;
  };
  const factory = socketIoTransport(ioFn);
  const frames: Record<string, unknown>[] = [];
  const closes: [number, string][] = [];
  let opened = 0;
  const handlers: TransportHandlers = {
    onOpen: () => { opened++; },
    onMessage: (text) => frames.push(JSON.parse(text)),
    onClose: (code, reason) => closes.push([code, reason]),
  };
  return { factory, sockets, calls, frames, closes, handlers, opened: () => opened };
}

describe('socketIoTransport', () => {
  it('opens socket.io-client on the origin with path /socket.io/, WebSocket only, the token in auth, no own reconnection', () => {
    const t = setup();
    t.factory('wss://app.example:8443/ws', TOKEN, t.handlers);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0].uri).toBe('https://app.example:8443');
    expect(t.calls[0].opts).toMatchObject({
      path: '/socket.io/', transports: ['websocket'], auth: { token: TOKEN }, reconnection: false, forceNew: true,
    });
    expect(t.sockets[0].connects).toBe(1);
  });

  it('turns the CONNECT answer into a welcome: socket id, subject, the channels and cursor of the pid, no client heartbeat', () => {
    const t = setup();
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    t.sockets[0].accept('sid-1', PID);
    expect(t.opened()).toBe(1);
    expect(t.frames).toEqual([{
      type: 'welcome', sessionId: 'sid-1', userId: 'u-42', channels: ['user:u-42', 'role:admin'],
      heartbeatIntervalSeconds: 0, expiresAt: new Date(EXP * 1000).toISOString(), cursor: PID,
      transport: 'socket.io', recovered: false,
    }]);
  });

  it('maps seed events (data, offset) to event frames with the routed channel; ignores events it does not know', () => {
    const t = setup();
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    const s = t.sockets[0];
    s.accept('sid-1', PID);
    const alert = { type: 'system_alert', message: 'Hot wallet low', data: { severity: 'warning' }, timestamp: '2026-12-02T14:00:00Z' };
    s.event('admin:notification', alert, 'f1,0:18,1:4');
    s.event('kyc:status', { userId: 'u-42', status: 'approved', timestamp: 't' }, 'f1,0:19');
    s.event('marketplace:update', { type: 'new_listing', loanId: 'l1', timestamp: 't' }, '-');
    s.event('something:else', { x: 1 });
    const events = t.frames.filter((f) => f.type === 'event');
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ event: 'admin:notification', channel: 'role:admin', data: alert, pos: '', offset: 'f1,0:18,1:4', timestamp: '2026-12-02T14:00:00Z' });
    expect(events[1]).toMatchObject({ event: 'kyc:status', channel: 'user:u-42', offset: 'f1,0:19' });
    expect(events[2]).toMatchObject({ event: 'marketplace:update', channel: 'user:u-42' }); // not subscribed to the market
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('subscribe and unsubscribe go out as events with an acknowledgement; ok and error answers become frames', () => {
    const t = setup();
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers).send('{"type":"subscribe","channel":"public:marketplace"}');
    const s = t.sockets[0];
    expect(s.emitted[0]).toMatchObject({ event: 'subscribe', args: ['public:marketplace'], timeout: 10_000 });
    s.emitted[0].ack(null, { ok: true, channel: 'public:marketplace' });
    expect(t.frames.at(-1)).toEqual({ type: 'subscribed', channel: 'public:marketplace' });
    // once subscribed, market updates count as the public channel's
    s.event('marketplace:update', { type: 'new_listing', loanId: 'l1', timestamp: 't' }, '-');
    expect(t.frames.at(-1)).toMatchObject({ type: 'event', channel: 'public:marketplace' });

    const transport = t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    transport.send('{"type":"subscribe","channel":"user:someone-else"}');
    t.sockets[1].emitted[0].ack(null, { ok: false, code: 'forbidden_channel', message: 'not entitled to user:someone-else' });
    expect(t.frames.at(-1)).toEqual({ type: 'error', code: 'forbidden_channel', message: 'not entitled to user:someone-else', channel: 'user:someone-else' });

    transport.send('{"type":"unsubscribe","channel":"public:marketplace"}');
    expect(t.sockets[1].emitted[1]).toMatchObject({ event: 'unsubscribe', args: ['public:marketplace'] });
    t.sockets[1].emitted[1].ack(null, { ok: true, channel: 'public:marketplace' });
    expect(t.frames.at(-1)).toEqual({ type: 'unsubscribed', channel: 'public:marketplace' });
  });

  it('a missing acknowledgement is a timeout error frame; a gateway:error event an error frame', () => {
    const t = setup();
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers).send('{"type":"subscribe","channel":"public:marketplace"}');
    t.sockets[0].emitted[0].ack(new Error('operation has timed out'));
    expect(t.frames.at(-1)).toMatchObject({ type: 'error', code: 'timeout' });
    t.sockets[0].event('gateway:error', { ok: false, code: 'rate_limited', message: 'slow down' });
    expect(t.frames.at(-1)).toEqual({ type: 'error', code: 'rate_limited', message: 'slow down' });
  });

  it('refresh sends the token with an ack, reports refreshed and keeps the token for the next reconnect', () => {
    const t = setup();
    t.factory('ws://localhost:8080/ws', 'old', t.handlers).send('{"type":"refresh","token":"new-token"}');
    const s = t.sockets[0];
    expect(s.emitted[0]).toMatchObject({ event: 'refresh', args: ['new-token'] });
    s.emitted[0].ack(null, { ok: true, expiresAt: '2026-12-02T15:00:00Z' });
    expect(t.frames.at(-1)).toEqual({ type: 'refreshed', expiresAt: '2026-12-02T15:00:00Z' });
    expect(s.auth).toEqual({ token: 'new-token' });
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers).send('{"type":"refresh","token":"bad"}');
    t.sockets[1].emitted[0].ack(null, { ok: false, code: 'invalid_token', message: 'token refused' });
    expect(t.frames.at(-1)).toEqual({ type: 'error', code: 'invalid_token', message: 'token refused' });
    expect(t.sockets[1].auth).toEqual({ token: TOKEN });
  });

  it('ping is answered at the next Engine.IO heartbeat of the server, not before', () => {
    const t = setup();
    const transport = t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    t.sockets[0].accept('sid-1', PID);
    transport.send('{"type":"ping"}');
    expect(t.frames.some((f) => f.type === 'pong')).toBe(false);
    t.sockets[0].enginePing();
    expect(t.frames.filter((f) => f.type === 'pong')).toHaveLength(1);
    t.sockets[0].enginePing();
    expect(t.frames.filter((f) => f.type === 'pong')).toHaveLength(1);
  });

  it('other frames go out as events (the gateway answers unknown_event); text that is not a frame is refused locally', () => {
    const t = setup();
    const transport = t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    transport.send('{"type":"bogus","x":1}');
    expect(t.sockets[0].emitted[0]).toMatchObject({ event: 'bogus', args: [{ x: 1 }] });
    t.sockets[0].emitted[0].ack(null, { ok: false, code: 'unknown_event', message: 'no such event: bogus' });
    expect(t.frames.at(-1)).toMatchObject({ type: 'error', code: 'unknown_event' });
    transport.send('not json');
    expect(t.frames.at(-1)).toMatchObject({ type: 'error', code: 'invalid_message' });
    expect(t.sockets[0].emitted).toHaveLength(1);
  });

  it('closes with the gateway:closing code on a server disconnect, 1006 on a lost transport', () => {
    const t = setup();
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    t.sockets[0].accept('sid-1', PID);
    t.sockets[0].event('gateway:closing', { code: 4401, reason: 'token expired' });
    t.sockets[0].reserved('disconnect', 'io server disconnect');
    expect(t.closes).toEqual([[4401, 'token expired']]);

    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    t.sockets[1].accept('sid-2', PID);
    t.sockets[1].reserved('disconnect', 'transport close');
    t.sockets[1].reserved('disconnect', 'transport close'); // reported once
    expect(t.closes.at(-1)).toEqual([1006, 'transport close']);
    expect(t.closes).toHaveLength(2);
    expect(t.sockets[1].listenerCount()).toBe(0);
  });

  it('a refused CONNECT closes with the code that makes GatewayClient retry with a fresh token or stop', () => {
    const t = setup();
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    t.sockets[0].reserved('connect_error', new Error('unauthorized: invalid token (expired)'));
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    t.sockets[1].reserved('connect_error', new Error('unsupported subject: svc'));
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    t.sockets[2].reserved('connect_error', new Error('websocket error'));
    expect(t.closes).toEqual([[4401, 'unauthorized: invalid token (expired)'], [1008, 'unsupported subject: svc'], [1006, 'websocket error']]);
    expect(t.opened()).toBe(0);
  });

  it('a reconnect (dial with a cursor) reuses the socket with the new token, and says whether it was recovered', () => {
    const t = setup();
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    const s = t.sockets[0];
    s.accept('sid-1', PID);
    s.reserved('disconnect', 'transport close');

    t.factory(`ws://localhost:8080/ws?cursor=${encodeURIComponent(PID)}`, 'token-2', t.handlers);
    expect(t.sockets).toHaveLength(1);
    expect(s.auth).toEqual({ token: 'token-2' });
    expect(s.connects).toBe(2);
    s.accept('sid-2', PID, true);
    expect(t.frames.at(-2)).toMatchObject({ type: 'welcome', sessionId: 'sid-2', recovered: true });
    expect(t.frames.at(-1)).toEqual({ type: 'resumed', recovered: true, cursor: PID });

    s.reserved('disconnect', 'ping timeout');
    t.factory(`ws://localhost:8080/ws?cursor=${encodeURIComponent(PID)}`, 'token-3', t.handlers);
    s.accept('sid-3', 'v2,user:u-42=0:30,role:admin=2:9', false);
    expect(t.frames.at(-1)).toEqual({ type: 'resumed', recovered: false, reason: 'not_recovered', cursor: 'v2,user:u-42=0:30,role:admin=2:9' });
  });

  it('close() disconnects the socket and ignores everything after; a new session (no cursor) opens a new socket', () => {
    const t = setup();
    const transport = t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    const s = t.sockets[0];
    s.accept('sid-1', PID);
    const before = t.frames.length;
    transport.close(1000, 'client disconnect');
    expect(s.disconnects).toBe(1);
    s.event('admin:notification', { type: 'system_alert', message: 'late', timestamp: 't' }, 'f1,0:1');
    s.reserved('disconnect', 'io client disconnect');
    expect(t.frames).toHaveLength(before);
    expect(t.closes).toEqual([]);
    t.factory('ws://localhost:8080/ws', TOKEN, t.handlers);
    expect(t.sockets).toHaveLength(2);
  });
});

describe('socketio helpers', () => {
  it('reads claims, cursor channels, origins and refusal codes', () => {
    expect(claimsOf(TOKEN)).toMatchObject({ sub: 'u-42', groups: ['admin'], exp: EXP });
    expect(claimsOf('garbage')).toEqual({});
    expect(channelsOfCursor(PID)).toEqual(['user:u-42', 'role:admin']);
    expect(channelsOfCursor('f1,0:3')).toBeNull();
    expect(originOf('ws://localhost:5173/ws?cursor=x')).toBe('http://localhost:5173');
    expect(connectErrorCode('too many connections')).toBe(4409);
  });
});
