import { useWebSocket } from '../hooks/useWebSocket';

/** Connecting, Live, Reconnecting n/5, Offline — retry (with a Retry button). */
export function ConnectionStatus() {
  const { state, statusText, retry } = useWebSocket();
  return (
    <span className="connection">
      <span role="status" aria-label="Connection status" className={`status status-${state.kind}`}>{statusText}</span>
      {(state.kind === 'offline' || state.kind === 'closed') && (
        <button type="button" onClick={retry}>Retry</button>
      )}
    </span>
  );
}
