// One GatewayClient per signed-in tab, shared by every hook through context.
import { createContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { session } from '../auth/session';
import { useSession } from '../auth/useSession';
import { AuthLostError, GatewayClient, type ConnectionState, type TokenPurpose } from '../realtime/GatewayClient';
import { transports, type TransportId } from '../realtime/transport';

export interface RealtimeValue {
  client: GatewayClient | null;
  state: ConnectionState;
  transport: TransportId;
  setTransport(id: TransportId): void;
  /** Ref-counted public subscriptions: the channel is left when its last user unmounts. */
  acquire(channel: string): () => void;
}

export const RealtimeContext = createContext<RealtimeValue | null>(null);

/** Same origin: ws(s)://<host>/ws, routed to the gateway by the edge (or Vite's proxy). */
export function gatewayUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

async function tokenFor(purpose: TokenPurpose): Promise<string> {
  if (purpose === 'connect') return session.validToken(60_000);
  if (purpose === 'refresh') return session.validToken(75_000);
  // before every reconnect: a fresh token; if kyc-service is unreachable, a still valid one will do
  try {
    return await session.refresh();
  } catch (e) {
    if (e instanceof AuthLostError) throw e;
    return session.validToken(5_000);
  }
}

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const user = useSession();
  const [transport, setTransport] = useState<TransportId>('native');
  const [client, setClient] = useState<GatewayClient | null>(null);
  const [state, setState] = useState<ConnectionState>({ kind: 'idle' });
  const counts = useRef(new Map<string, number>());

  useEffect(() => {
    if (!user) return;
    const option = transports().find((t) => t.id === transport && t.available) ?? transports()[0];
    const c = new GatewayClient({ url: gatewayUrl, getToken: tokenFor, transport: option.factory });
    for (const channel of counts.current.keys()) c.subscribe(channel);
    const off = c.onStatus(setState);
    const online = () => {
      if (c.status.kind === 'offline' || c.status.kind === 'reconnecting') c.retry();
    };
    window.addEventListener('online', online);
    setClient(c);
    c.connect();
    return () => {
      off();
      window.removeEventListener('online', online);
      c.reset();
      setClient(null);
      setState({ kind: 'idle' });
    };
  }, [user?.id, transport]); // eslint-disable-line react-hooks/exhaustive-deps

  const value = useMemo<RealtimeValue>(() => ({
    client, state, transport, setTransport,
    acquire(channel) {
      const n = counts.current.get(channel) ?? 0;
      counts.current.set(channel, n + 1);
      if (n === 0) client?.subscribe(channel);
      return () => {
        const left = (counts.current.get(channel) ?? 1) - 1;
        if (left <= 0) {
          counts.current.delete(channel);
          client?.unsubscribe(channel);
        } else counts.current.set(channel, left);
      };
    },
  }), [client, state, transport]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
