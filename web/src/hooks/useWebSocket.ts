// The seed's hooks over the typed gateway client: useWebSocket (base), useLoanWebSocket, useAdminWebSocket,
// useMarketplaceWebSocket. Each on…(fn) registers a listener and returns its cleanup, as in the seed.
import { useCallback, useContext, useEffect, useRef } from 'react';
import { statusText } from '../realtime/GatewayClient';
import type { EventFrame, EventMap, EventName } from '../realtime/protocol';
import { RealtimeContext } from './RealtimeProvider';

export function useWebSocket() {
  const ctx = useContext(RealtimeContext);
  if (!ctx) throw new Error('useWebSocket needs a RealtimeProvider');
  const { client, state } = ctx;

  const on = useCallback(<E extends EventName>(event: E, fn: (data: EventMap[E], frame: EventFrame<E>) => void) =>
    client ? client.on(event, fn) : () => undefined, [client]);
  const onAnyEvent = useCallback((fn: (frame: EventFrame) => void) =>
    client ? client.onAnyEvent(fn) : () => undefined, [client]);
  const onResync = useCallback((fn: (reason: string) => void) =>
    client ? client.onResync(fn) : () => undefined, [client]);

  return {
    client,
    state,
    isConnected: state.kind === 'live',
    statusText: statusText(state),
    connect: useCallback(() => client?.connect(), [client]),
    disconnect: useCallback(() => client?.disconnect(), [client]),
    retry: useCallback(() => client?.retry(), [client]),
    on,
    onAnyEvent,
    onResync,
    transport: ctx.transport,
    setTransport: ctx.setTransport,
    acquire: ctx.acquire,
  };
}

/** Runs `reload` whenever the client says REST state must be reloaded (fresh session, unrecoverable resume). */
export function useResync(reload: () => void): void {
  const { onResync } = useWebSocket();
  const ref = useRef(reload);
  ref.current = reload;
  useEffect(() => onResync(() => ref.current()), [onResync]);
}

/** Listens to one event while mounted; the latest `fn` is always called. */
export function useEvent<E extends EventName>(event: E, fn: (data: EventMap[E], frame: EventFrame<E>) => void): void {
  const { on } = useWebSocket();
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => on(event, (d, f) => ref.current(d, f)), [on, event]);
}

export function useLoanWebSocket() {
  const { isConnected, state, on } = useWebSocket();
  return {
    isConnected,
    state,
    onLoanStatus: useCallback((fn: (d: EventMap['loan:status']) => void) => on('loan:status', fn), [on]),
    onLoanFunded: useCallback((fn: (d: EventMap['loan:funded']) => void) => on('loan:funded', fn), [on]),
    onKycStatus: useCallback((fn: (d: EventMap['kyc:status']) => void) => on('kyc:status', fn), [on]),
  };
}

export function useAdminWebSocket() {
  const { isConnected, state, on } = useWebSocket();
  return {
    isConnected,
    state,
    onLoanRequest: useCallback((fn: (d: EventMap['loan:new']) => void) => on('loan:new', fn), [on]),
    onAdminNotification: useCallback(
      (fn: (d: EventMap['admin:notification']) => void) => on('admin:notification', fn), [on]),
  };
}

/** Joins public:marketplace while mounted (shared with other users of the channel). */
export function useMarketplaceWebSocket() {
  const { isConnected, state, on, acquire, client } = useWebSocket();
  useEffect(() => (client ? acquire('public:marketplace') : undefined), [acquire, client]);
  return {
    isConnected,
    state,
    onMarketplaceUpdate: useCallback(
      (fn: (d: EventMap['marketplace:update'], frame: EventFrame<'marketplace:update'>) => void) =>
        on('marketplace:update', fn), [on]),
  };
}
