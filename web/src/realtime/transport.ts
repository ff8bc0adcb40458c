import { socketIoTransport } from './socketio';

// How the client reaches the gateway. The state machine (GatewayClient) only sees text frames in and out, so a
// transport other than the native WebSocket (e.g. Socket.IO) plugs in by implementing TransportFactory.

export interface TransportHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(code: number, reason: string): void;
}

export interface Transport {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens a connection to `url`, authenticated with `token`; reports through `handlers`. */
export type TransportFactory = (url: string, token: string, handlers: TransportHandlers) => Transport;

/** The constructor of a WHATWG WebSocket (the browser's, or e.g. the `ws` package's in tests). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** The subprotocols that carry the token at the upgrade (browsers cannot set an Authorization header). */
export function bearerSubprotocols(token: string): string[] {
  return ['bearer-token-carrier', encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token}`)];
}

/** The native WebSocket transport: the token goes in the subprotocol list, never in the URL. */
export function nativeTransport(Ctor?: WebSocketConstructor): TransportFactory {
  return (url, token, handlers) => {
    const WS = Ctor ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
    const ws = new WS(url, bearerSubprotocols(token));
    let closed = false;
    ws.onopen = () => handlers.onOpen();
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') handlers.onMessage(ev.data);
      else handlers.onMessage(String(ev.data));
    };
    ws.onerror = () => { /* followed by close */ };
    ws.onclose = (ev) => {
      if (closed) return;
      closed = true;
      handlers.onClose(ev.code, ev.reason);
    };
    return {
      send: (text) => ws.send(text),
      close: (code, reason) => {
        try {
          ws.close(code, reason);
        } catch {
          ws.close();
        }
      },
    };
  };
}

export type TransportId = 'native' | 'socketio';

export interface TransportOption {
  id: TransportId;
  label: string;
  available: boolean;
  /** Why it is not available. */
  note?: string;
  factory?: TransportFactory;
}

/**
 * Transports the UI may offer. Native is the default everywhere; Socket.IO (socketio.ts: the real socket.io-client
 * against the gateway's /socket.io/, its events and acknowledgements mapped onto the native frames) is chosen on
 * the /test/websocket page.
 */
const registry: TransportOption[] = [
  { id: 'native', label: 'Native', available: true, factory: nativeTransport() },
  {
    id: 'socketio', label: 'Socket.IO', available: true, factory: socketIoTransport(),
    note: 'Socket.IO: /socket.io/ over WebSocket only (no long-polling), recovered by socket.io-client (pid + offset).',
  },
];

export function transports(): readonly TransportOption[] {
  return registry;
}

export function registerTransport(id: TransportId, factory: TransportFactory): void {
  const option = registry.find((t) => t.id === id);
  if (option) Object.assign(option, { available: true, note: undefined, factory });
}
