// A small stand-in for the notification gateway, for the client's unit tests: a real WebSocket server (the `ws`
// package) that checks the bearer subprotocol at the upgrade and lets each test script the frames.
import { WebSocketServer, WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';

export interface FakeConnection {
  socket: WebSocket;
  token: string;
  url: string;
  cursor: string | null;
  received: Record<string, unknown>[];
  send(frame: object): void;
  welcome(overrides?: object): void;
}

export class FakeGateway {
  readonly connections: FakeConnection[] = [];
  readonly refusedTokens: string[] = [];
  /** Tokens the upgrade accepts; empty = any. */
  acceptTokens = new Set<string>();
  /** Called for each accepted connection (default: send welcome). */
  onConnection: (c: FakeConnection) => void = (c) => c.welcome();
  answerPings = true;
  private server!: WebSocketServer;
  private waiters: (() => void)[] = [];
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new WebSocketServer({
      port,
      handleProtocols: (protocols) => (protocols.has('bearer-token-carrier') ? 'bearer-token-carrier' : false),
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number) => void) => {
        const token = tokenOf(info.req);
        if (!token || (this.acceptTokens.size > 0 && !this.acceptTokens.has(token))) {
          if (token) this.refusedTokens.push(token);
          done(false, 401);
          return;
        }
        done(true);
      },
    });
    await new Promise<void>((resolve) => this.server.once('listening', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    this.server.on('connection', (socket, req) => {
      const url = req.url ?? '/';
      const cursorParam = new URL(url, 'http://x').searchParams.get('cursor');
      const conn: FakeConnection = {
        socket, token: tokenOf(req)!, url, cursor: cursorParam, received: [],
        send: (frame) => socket.send(JSON.stringify(frame)),
        welcome: (overrides = {}) => conn.send({
          type: 'welcome', sessionId: `s${this.connections.length}`, userId: 'alice',
          channels: ['user:alice', 'role:user'], heartbeatIntervalSeconds: 20,
          expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
          cursor: cursorParam ?? 'v2,role:user=0:10,user:alice=1:20', ...overrides,
        }),
      };
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        conn.received.push(frame);
        if (frame.type === 'ping' && this.answerPings) conn.send({ type: 'pong' });
        this.notify();
      });
      this.connections.push(conn);
      this.onConnection(conn);
      this.notify();
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get last(): FakeConnection {
    return this.connections[this.connections.length - 1];
  }

  /** Resolves once `predicate` holds (checked after every connection and client message), or fails after 3 s. */
  async until(predicate: () => boolean, what = 'condition'): Promise<void> {
    const deadline = Date.now() + 3000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }

  /** Ends every connection the way a crashed replica does (no close frame). */
  killConnections(): void {
    for (const c of this.connections) c.socket.terminate();
  }

  async stop(): Promise<void> {
    for (const c of this.server.clients) c.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

function tokenOf(req: IncomingMessage): string | null {
  const header = req.headers['sec-websocket-protocol'];
  if (!header) return null;
  const parts = header.split(',').map((p) => p.trim());
  const carrier = parts.map((p) => decodeURIComponent(p)).find((p) => p.startsWith('quarkus-http-upgrade#Authorization#Bearer '));
  return carrier ? carrier.slice('quarkus-http-upgrade#Authorization#Bearer '.length) : null;
}
