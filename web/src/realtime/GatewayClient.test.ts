import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuthLostError, GatewayClient, statusText, type ConnectionState, type GatewayClientOptions } from './GatewayClient';
import { nativeTransport, type WebSocketConstructor } from './transport';
import { FakeGateway } from './testing/fakeGateway';

const transport = nativeTransport(WebSocket as unknown as WebSocketConstructor);

let gateway: FakeGateway;
let client: GatewayClient | undefined;
let tokens: string[];
let tokenCalls: string[];

function newClient(options: Partial<GatewayClientOptions> = {}): { client: GatewayClient; states: ConnectionState[] } {
  const states: ConnectionState[] = [];
  let n = 0;
  client = new GatewayClient({
    url: gateway.url,
    transport,
    getToken: async (purpose) => {
      tokenCalls.push(purpose);
      const token = `token-${++n}`;
      tokens.push(token);
      return token;
    },
    backoff: { baseMs: 20, maxMs: 1000 },
    random: () => 0.5,
    ...options,
  });
  client.onStatus((s) => states.push(s));
  return { client, states };
}

const waitFor = (predicate: () => boolean, what: string) => gateway.until(predicate, what);

beforeEach(async () => {
  gateway = new FakeGateway();
  await gateway.start();
  tokens = [];
  tokenCalls = [];
});

afterEach(async () => {
  client?.reset();
  client = undefined;
  await gateway.stop();
});

describe('connecting', () => {
  it('carries the token in the subprotocol, never in the URL, and goes live on welcome', async () => {
    const { client, states } = newClient();
    client.connect();
    expect(statusText(client.status)).toBe('Connecting');
    await waitFor(() => client.status.kind === 'live', 'live');
    expect(gateway.last.token).toBe('token-1');
    expect(gateway.last.url).toBe('/ws');
    expect(gateway.last.url).not.toContain('token');
    expect(tokenCalls).toEqual(['connect']);
    expect(states.map(statusText)).toEqual(['Connecting', 'Live']);
    expect(client.cursor).toBe('v2,role:user=0:10,user:alice=1:20');
  });

  it('asks for a REST reload when a fresh session starts (events before it are not replayed)', async () => {
    const { client } = newClient();
    const resyncs: string[] = [];
    client.onResync((r) => resyncs.push(r));
    client.connect();
    await waitFor(() => resyncs.length === 1, 'resync');
    expect(resyncs).toEqual(['new_session']);
  });
});

describe('resume', () => {
  it('reconnects with the cursor built from the last cursor and each event pos, and drops repeated ids', async () => {
    const { client } = newClient();
    const seen: string[] = [];
    client.on('loan:status', (data, frame) => seen.push(`${frame.id}:${data.status}`));
    client.connect();
    await waitFor(() => client.status.kind === 'live', 'live');
    const event = (id: string, pos: string) => ({
      type: 'event', event: 'loan:status', channel: 'user:alice', id, pos, timestamp: '2026-12-02T10:00:00Z',
      data: { loanId: 'l1', userId: 'alice', status: 'approved', amount: 10, timestamp: '2026-12-02T10:00:00Z' },
    });
    gateway.last.send(event('n1', '1:21'));
    gateway.last.send(event('n2', '1:22'));
    await waitFor(() => seen.length === 2, 'two events');
    expect(client.cursor).toBe('v2,role:user=0:10,user:alice=1:22');

    gateway.onConnection = (c) => {
      c.welcome();
      c.send({ type: 'resumed', recovered: true, replayed: 2, cursor: c.cursor });
      c.send(event('n2', '1:22')); // already seen: must not reach the app twice
      c.send(event('n3', '1:23'));
    };
    gateway.killConnections();
    await waitFor(() => seen.length === 3, 'the missed event');
    expect(gateway.last.cursor).toBe('v2,role:user=0:10,user:alice=1:22');
    expect(gateway.last.url).toBe(`/ws?cursor=${encodeURIComponent('v2,role:user=0:10,user:alice=1:22')}`);
    expect(seen).toEqual(['n1:approved', 'n2:approved', 'n3:approved']);
    expect(client.cursor).toBe('v2,role:user=0:10,user:alice=1:23');
  });

  it('asks for a REST reload when the gateway could not honour the cursor', async () => {
    const { client } = newClient();
    const resyncs: string[] = [];
    client.onResync((r) => resyncs.push(r));
    client.connect();
    await waitFor(() => resyncs.length === 1, 'first resync');
    gateway.onConnection = (c) => {
      c.welcome({ cursor: 'v2,role:user=0:99,user:alice=1:99' });
      c.send({ type: 'resumed', recovered: false, reason: 'expired', cursor: 'v2,role:user=0:99,user:alice=1:99' });
    };
    gateway.killConnections();
    await waitFor(() => resyncs.length === 2, 'resync after resume');
    expect(resyncs).toEqual(['new_session', 'expired']);
    expect(client.cursor).toBe('v2,role:user=0:99,user:alice=1:99');
  });

  it('re-subscribes public channels the resumed session does not already hold', async () => {
    const { client } = newClient();
    client.connect();
    await waitFor(() => client.status.kind === 'live', 'live');
    client.subscribe('public:marketplace');
    await waitFor(() => gateway.last.received.some((f) => f.type === 'subscribe'), 'subscribe');
    gateway.last.send({ type: 'subscribed', channel: 'public:marketplace', cursor: 'v2,role:user=0:10,user:alice=1:20,public:marketplace=2:5' });
    await waitFor(() => client.cursor?.includes('public:marketplace') === true, 'cursor with channel');

    // a resume that restores the subscription: nothing to send
    gateway.onConnection = (c) => c.welcome({ channels: ['user:alice', 'role:user', 'public:marketplace'] });
    gateway.killConnections();
    await waitFor(() => gateway.connections.length === 2 && client.status.kind === 'live', 'second session');
    expect(gateway.last.cursor).toContain('public:marketplace=2:5');
    // a session that did not restore it (e.g. undecodable cursor): subscribe again
    gateway.onConnection = (c) => c.welcome();
    gateway.killConnections();
    await waitFor(() => gateway.connections.length === 3 && gateway.last.received.some((f) => f.type === 'subscribe'),
      'subscribe again');
    expect(gateway.connections[1].received.filter((f) => f.type === 'subscribe')).toEqual([]);
    expect(gateway.last.received.find((f) => f.type === 'subscribe')).toEqual({ type: 'subscribe', channel: 'public:marketplace' });
  });
});

describe('backoff and offline', () => {
  it('retries with exponential backoff and full jitter, then goes offline after 5 attempts, and retry() starts over', async () => {
    const { client, states } = newClient();
    client.connect();
    await waitFor(() => client.status.kind === 'live', 'live');
    const port = gateway.port;
    await gateway.stop();
    await waitFor(() => client.status.kind === 'offline', 'offline');
    const reconnecting = states.filter((s) => s.kind === 'reconnecting');
    expect(reconnecting.map(statusText)).toEqual(
      ['Reconnecting 1/5', 'Reconnecting 2/5', 'Reconnecting 3/5', 'Reconnecting 4/5', 'Reconnecting 5/5']);
    // random() = 0.5 of the ceiling 20 ms * 2^(n-1)
    expect(reconnecting.map((s) => (s.kind === 'reconnecting' ? s.delayMs : -1))).toEqual([10, 20, 40, 80, 160]);
    expect(statusText(client.status)).toBe('Offline — retry');
    // the token is refreshed before every reconnect
    expect(tokenCalls).toEqual(['connect', 'reconnect', 'reconnect', 'reconnect', 'reconnect', 'reconnect']);

    gateway = new FakeGateway();
    await gateway.start(port);
    gateway.onConnection = (c) => {
      c.welcome();
      c.send({ type: 'resumed', recovered: true, replayed: 0, cursor: c.cursor });
    };
    client.retry();
    await waitFor(() => client.status.kind === 'live', 'live again');
    expect(gateway.last.cursor).toBe('v2,role:user=0:10,user:alice=1:20');
  });

  it('counts a refused upgrade (401) as a failed attempt and resets the count once live', async () => {
    const { client, states } = newClient();
    gateway.acceptTokens = new Set(['token-3']);
    client.connect();
    await waitFor(() => client.status.kind === 'live', 'live');
    expect(gateway.refusedTokens).toEqual(['token-1', 'token-2']);
    expect(states.map(statusText)).toEqual(['Connecting', 'Reconnecting 1/5', 'Reconnecting 2/5', 'Live']);
    gateway.acceptTokens = new Set();
    gateway.killConnections();
    await waitFor(() => gateway.connections.length === 2 && client.status.kind === 'live', 'live again');
    expect(states.map(statusText).slice(4)).toEqual(['Reconnecting 1/5', 'Live']);
  });

  it('stays offline without retrying when the gateway refuses on policy (1008) or the session is signed out', async () => {
    gateway.onConnection = (c) => c.socket.close(1008, 'subject cannot name a channel');
    const { client } = newClient();
    client.connect();
    await waitFor(() => client.status.kind === 'offline', 'offline');
    expect(gateway.connections.length).toBe(1);

    const signedOut = newClient({ getToken: async () => { throw new AuthLostError(); } }).client;
    signedOut.connect();
    await waitFor(() => signedOut.status.kind === 'offline', 'offline');
    expect(signedOut.status).toEqual({ kind: 'offline', reason: 'signed out' });
  });

  it('reconnects with a fresh token after the gateway closes an expired session (4401)', async () => {
    const { client } = newClient();
    client.connect();
    await waitFor(() => client.status.kind === 'live', 'live');
    gateway.last.socket.close(4401, 'token expired');
    await waitFor(() => gateway.connections.length === 2 && client.status.kind === 'live', 'reconnected');
    expect(gateway.last.token).toBe('token-2');
    expect(tokenCalls).toEqual(['connect', 'reconnect']);
  });

  it('disconnect() stays closed; connect() resumes from the cursor', async () => {
    const { client } = newClient();
    client.connect();
    await waitFor(() => client.status.kind === 'live', 'live');
    client.disconnect();
    expect(client.status.kind).toBe('closed');
    await new Promise((r) => setTimeout(r, 100));
    expect(gateway.connections.length).toBe(1);
    client.connect();
    await waitFor(() => gateway.connections.length === 2 && client.status.kind === 'live', 'live again');
    expect(gateway.last.cursor).toBe('v2,role:user=0:10,user:alice=1:20');
  });
});

describe('token refresh and heartbeat', () => {
  it('refreshes the token in-session before the session expires, and again after refreshed', async () => {
    const { client } = newClient({ refreshLeadMs: 60_000 });
    gateway.onConnection = (c) => c.welcome({ expiresAt: new Date(Date.now() + 300).toISOString() });
    client.connect();
    await waitFor(() => gateway.last?.received.some((f) => f.type === 'refresh'), 'refresh frame');
    expect(gateway.last.received.find((f) => f.type === 'refresh')).toEqual({ type: 'refresh', token: 'token-2' });
    expect(tokenCalls).toEqual(['connect', 'refresh']);
    gateway.last.send({ type: 'refreshed', expiresAt: new Date(Date.now() + 200).toISOString() });
    await waitFor(() => gateway.last.received.filter((f) => f.type === 'refresh').length === 2, 'second refresh');
    expect(client.status.kind).toBe('live');
  });

  it('sends no pings when the welcome says heartbeat 0 (a transport with its own), and keeps the cursor for events without pos', async () => {
    // every timer 100x faster: a default 20 s heartbeat would ping within 200 ms
    const fast = {
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms / 100),
      clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
    };
    const { client } = newClient({ timers: fast });
    gateway.onConnection = (c) => c.welcome({ heartbeatIntervalSeconds: 0 });
    const seen: string[] = [];
    client.on('admin:notification', (_d, frame) => seen.push(frame.id));
    client.connect();
    await waitFor(() => client.status.kind === 'live', 'live');
    const cursor = client.cursor;
    gateway.last.send({
      type: 'event', event: 'admin:notification', channel: 'role:admin', id: 'sio-1', pos: '', timestamp: 't',
      data: { type: 'system_alert', message: 'm', timestamp: 't' },
    });
    await waitFor(() => seen.length === 1, 'the event');
    expect(client.cursor).toBe(cursor);
    await new Promise((r) => setTimeout(r, 600));
    expect(gateway.connections.flatMap((c) => c.received).filter((f) => f.type === 'ping')).toEqual([]);
  });

  it('pings at the heartbeat interval and drops a connection that stops answering, then resumes', async () => {
    const { client } = newClient({ pongTimeoutMs: 100 });
    gateway.onConnection = (c) => c.welcome({ heartbeatIntervalSeconds: 0.1 });
    client.connect();
    await waitFor(() => (gateway.last?.received.filter((f) => f.type === 'ping').length ?? 0) >= 2, 'two pings');
    expect(client.status.kind).toBe('live');
    gateway.answerPings = false; // a half-open connection: the socket stays, nothing comes back
    await waitFor(() => gateway.connections.length === 2, 'a new connection');
    expect(gateway.last.cursor).toBe('v2,role:user=0:10,user:alice=1:20');
    await waitFor(() => gateway.connections[0].socket.readyState === WebSocket.CLOSED, 'old socket closed');
  });
});
