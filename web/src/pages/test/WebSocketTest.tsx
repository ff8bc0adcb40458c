// /test/websocket: drive the app's connection by hand and see every frame, cursors included.
import { useEffect, useRef, useState } from 'react';
import { notificationApi } from '../../api/endpoints';
import { session } from '../../auth/session';
import { ProblemAlert } from '../../components/Field';
import { useAction } from '../../hooks/useAction';
import { useWebSocket } from '../../hooks/useWebSocket';
import type { FrameLogEntry } from '../../realtime/GatewayClient';
import { transports, type TransportId } from '../../realtime/transport';

const MAX_LOG = 500;

export function WebSocketTest() {
  const { client, state, statusText, connect, disconnect, transport, setTransport } = useWebSocket();
  const [log, setLog] = useState<(FrameLogEntry & { n: number })[]>([]);
  const [channel, setChannel] = useState('public:marketplace');
  const [raw, setRaw] = useState('{"type":"ping"}');
  const [cursor, setCursor] = useState<string | null>(null);
  const [sendNote, setSendNote] = useState<string | null>(null);
  const [recovered, setRecovered] = useState<boolean | null>(null);
  const n = useRef(0);

  useEffect(() => {
    if (!client) return;
    setCursor(client.cursor);
    setRecovered(null);
    return client.onFrame((entry) => {
      if (entry.direction === 'in') {
        const r = recoveredOf(entry.text);
        if (r !== null) setRecovered(r);
      }
      setLog((l) => [...l.slice(-(MAX_LOG - 1)), { ...entry, n: ++n.current }]);
      setCursor(client.cursor);
    });
  }, [client]);

  const live = state.kind === 'live';
  const send = (ok: boolean | undefined) => setSendNote(ok ? null : 'Not connected: nothing sent.');
  const selected = transports().find((t) => t.id === transport);
  const unavailable = transports().filter((t) => !t.available);

  return (
    <main>
      <h1>WebSocket test</h1>
      <section className="card" aria-labelledby="conn-heading">
        <h2 id="conn-heading">Connection</h2>
        <p>State: <strong>{statusText}</strong>{state.kind === 'live' && <> — session {state.sessionId}, channels {state.channels.join(', ')}</>}</p>
        <div className="actions">
          <label className="inline"><span>Transport</span>
            <select aria-label="Transport" value={transport} onChange={(e) => setTransport(e.target.value as TransportId)}>
              {transports().map((t) => <option key={t.id} value={t.id} disabled={!t.available}>{t.label}</option>)}
            </select>
          </label>
          <button type="button" onClick={connect} disabled={live}>Connect</button>
          <button type="button" onClick={disconnect} disabled={state.kind === 'closed' || state.kind === 'idle'}>Disconnect</button>
          <button type="button" onClick={() => send(client?.ping())}>Ping</button>
        </div>
        {unavailable.map((t) => <p key={t.id} className="hint">{t.label}: {t.note}</p>)}
        {selected && !selected.available && <p role="alert">{selected.note}</p>}
        {selected?.available && selected.note && <p className="hint">{selected.note}</p>}
        {transport === 'socketio' && (
          <p className="hint">socket.recovered: <code aria-label="Recovered">{recovered === null ? '(not connected yet)' : String(recovered)}</code></p>
        )}
        <p className="hint">Resume cursor: <code aria-label="Cursor">{cursor ?? '(none yet)'}</code></p>
      </section>
      <div className="grid">
        <section className="card" aria-labelledby="sub-heading">
          <h2 id="sub-heading">Subscriptions and frames</h2>
          <div className="actions">
            <label className="inline"><span>Channel</span>
              <input aria-label="Channel" value={channel} onChange={(e) => setChannel(e.target.value)} /></label>
            <button type="button" onClick={() => { client?.subscribe(channel.trim()); send(live); }}>Subscribe</button>
            <button type="button" onClick={() => { client?.unsubscribe(channel.trim()); send(live); }}>Unsubscribe</button>
          </div>
          <label className="block" htmlFor="raw-frame">Raw frame</label>
          <textarea id="raw-frame" rows={4} value={raw} onChange={(e) => setRaw(e.target.value)} spellCheck={false} />
          <div className="actions">
            <button type="button" onClick={() => send(client?.sendRaw(raw))}>Send</button>
            <button type="button" className="link" onClick={() => setLog([])}>Clear log</button>
          </div>
          {sendNote && <p role="alert">{sendNote}</p>}
        </section>
        {session.isAdmin && <SimulateEvent />}
      </div>
      <section className="card" aria-labelledby="log-heading">
        <h2 id="log-heading">Frame log</h2>
        <ol className="frame-log" aria-label="Frame log">
          {log.map((e) => (
            <li key={e.n} className={`frame-${e.direction}`}>
              <span className="dir">{e.direction === 'in' ? '←' : e.direction === 'out' ? '→' : '·'}</span>
              <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleTimeString()}</time>
              <code>{e.text}</code>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}

/** The `recovered` flag of a Socket.IO welcome or of a resumed frame, else null. */
function recoveredOf(text: string): boolean | null {
  if (!text.includes('"recovered"')) return null;
  try {
    const frame = JSON.parse(text) as { type?: string; recovered?: unknown };
    if ((frame.type === 'welcome' || frame.type === 'resumed') && typeof frame.recovered === 'boolean') return frame.recovered;
  } catch {
    /* not JSON */
  }
  return null;
}

function SimulateEvent() {
  const [message, setMessage] = useState('Hot wallet balance low');
  const [severity, setSeverity] = useState<'info' | 'warning' | 'critical'>('warning');
  const [result, setResult] = useState<string | null>(null);
  const simulate = useAction(async () => {
    const r = await notificationApi.simulate(message, severity);
    setResult(`Accepted as ${r.id}`);
  });
  return (
    <section className="card" aria-labelledby="sim-heading">
      <h2 id="sim-heading">Simulate event (admins)</h2>
      <div className="actions">
        <label className="inline"><span>Message</span>
          <input aria-label="Message" value={message} onChange={(e) => setMessage(e.target.value)} /></label>
        <label className="inline"><span>Severity</span>
          <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
            <option value="info">info</option><option value="warning">warning</option><option value="critical">critical</option>
          </select></label>
        <button type="button" onClick={() => void simulate.run()} disabled={simulate.pending}>Simulate event</button>
      </div>
      {result && <p>{result}</p>}
      <ProblemAlert error={simulate.error} />
    </section>
  );
}
