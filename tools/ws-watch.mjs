#!/usr/bin/env -S node --experimental-websocket --no-warnings
// Watch one user's WebSocket stream from a terminal: prints every frame the gateway sends.
//
//   node --experimental-websocket tools/ws-watch.mjs alice                       # demo password alice-dev-password
//   node --experimental-websocket tools/ws-watch.mjs bob --subscribe public:marketplace
//   node --experimental-websocket tools/ws-watch.mjs carol --password 's3cret-passphrase'
//
// It logs in through kyc-service, sends the token like a browser does (bearer-token-carrier subprotocol,
// never in the URL), refreshes the token in-session before it expires, and after a disconnect reconnects with
// exponential backoff and resumes from the last cursor it saw, so nothing is missed.
// Environment: ORBITLEND_KYC_URL (http://localhost:8082), ORBITLEND_GATEWAY_URL (ws://localhost:8080/ws).

if (typeof WebSocket === 'undefined') {
  console.error('Run with: node --experimental-websocket tools/ws-watch.mjs ...');
  process.exit(2);
}
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const user = args[0];
if (!user || user.startsWith('--')) {
  console.error('usage: tools/ws-watch.mjs USER [--password P] [--subscribe public:marketplace]');
  process.exit(2);
}
const password = option('--password') ?? (user === 'admin' ? 'admin-dev-password' : `${user}-dev-password`);
const subscribe = option('--subscribe');
const KYC = process.env.ORBITLEND_KYC_URL ?? 'http://localhost:8082';
const GATEWAY = process.env.ORBITLEND_GATEWAY_URL ?? 'ws://localhost:8080/ws';

let tokens;
// channel -> "partition:offset": set by the cursor of welcome/resumed/subscribed/unsubscribed frames, advanced by
// the pos of each event frame; sent back as the resume cursor "v2,<channel>=<pos>,..."
let positions;
const cursor = () => positions && ['v2', ...Object.entries(positions).map(([c, p]) => `${c}=${p}`)].join(',');
const parseCursor = (text) => Object.fromEntries(text.split(',').slice(1).map((e) => {
  const eq = e.lastIndexOf('=');
  return [e.slice(0, eq), e.slice(eq + 1)];
}));
let attempt = 0;
let refreshTimer;

async function auth(path, body) {
  const res = await fetch(`${KYC}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const login = () => auth('/api/auth/login', { username: user, password });
const refresh = () => auth('/api/auth/refresh', { refreshToken: tokens.refreshToken }).catch(login);

function scheduleRefresh(ws) {
  clearTimeout(refreshTimer);
  const inMs = Math.max(5000, (tokens.expiresIn - 60) * 1000);
  refreshTimer = setTimeout(async () => {
    tokens = await refresh();
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'refresh', token: tokens.accessToken }));
    scheduleRefresh(ws);
  }, inMs);
}

async function connect() {
  try {
    tokens = tokens ? await refresh() : await login();
  } catch (e) {
    console.error(`[login failed: ${e.message}]`);
    return retry();
  }
  // the cursor is not a secret (channel names and offsets) and may travel in the URL; the token may not
  const target = positions ? `${GATEWAY}?cursor=${encodeURIComponent(cursor())}` : GATEWAY;
  const ws = new WebSocket(target, ['bearer-token-carrier',
    encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${tokens.accessToken}`)]);
  ws.onopen = () => {
    attempt = 0;
    console.error(`[connected to ${GATEWAY} as ${user}${positions ? ', resuming' : ''}]`);
    if (subscribe) ws.send(JSON.stringify({ type: 'subscribe', channel: subscribe }));
    scheduleRefresh(ws);
  };
  ws.onmessage = (m) => {
    const frame = JSON.parse(m.data);
    if (frame.cursor) positions = parseCursor(frame.cursor);
    else if (frame.type === 'event' && positions) positions[frame.channel] = frame.pos;
    console.log(JSON.stringify(frame, null, 2));
  };
  ws.onclose = (e) => {
    clearTimeout(refreshTimer);
    console.error(`[closed ${e.code} ${e.reason || ''}]`);
    retry();
  };
  ws.onerror = () => {};
}

function retry() {
  const delay = Math.min(30000, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2);
  console.error(`[reconnecting in ${Math.round(delay)} ms]`);
  setTimeout(connect, delay);
}

connect();
