#!/usr/bin/env -S node --experimental-websocket --no-warnings
// Watch one user's WebSocket stream from a terminal: prints every frame the gateway sends.
//
//   node --experimental-websocket tools/ws-watch.mjs alice            # token from .local/tokens/alice.jwt
//   node --experimental-websocket tools/ws-watch.mjs --token "$JWT"   # any token
//   ORBITLEND_GATEWAY_URL=ws://host:8080/ws node --experimental-websocket tools/ws-watch.mjs admin
//
// Like a browser, it sends the token in the bearer-token-carrier subprotocol (never in the URL).
// It reconnects with exponential backoff and resumes from the last cursor it saw.
import { readFileSync } from 'node:fs';

if (typeof WebSocket === 'undefined') {
  console.error('Run with: node --experimental-websocket tools/ws-watch.mjs ...');
  process.exit(2);
}
const args = process.argv.slice(2);
const tokenFlag = args.indexOf('--token');
let token;
if (tokenFlag >= 0) {
  token = args[tokenFlag + 1];
} else if (args[0]) {
  token = readFileSync(new URL(`../.local/tokens/${args[0]}.jwt`, import.meta.url), 'utf8').trim();
} else {
  console.error('usage: tools/ws-watch.mjs <name in .local/tokens> | --token <jwt>');
  process.exit(2);
}
const url = process.env.ORBITLEND_GATEWAY_URL ?? 'ws://localhost:8080/ws';
let attempt = 0;
let cursor;

function connect() {
  const protocols = ['bearer-token-carrier',
    encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token}`)];
  // the cursor is not a secret (channel names and offsets) and may travel in the URL; the token may not
  const target = cursor ? `${url}?cursor=${encodeURIComponent(cursor)}` : url;
  const ws = new WebSocket(target, protocols);
  ws.onopen = () => {
    attempt = 0;
    console.error(`[connected to ${url}${cursor ? ', resuming' : ''}]`);
  };
  ws.onmessage = (m) => {
    const frame = JSON.parse(m.data);
    if (frame.cursor) cursor = frame.cursor;
    console.log(JSON.stringify(frame, null, 2));
  };
  ws.onclose = (e) => {
    const delay = Math.min(30000, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2);
    console.error(`[closed ${e.code} ${e.reason || ''}; reconnecting in ${Math.round(delay)} ms]`);
    setTimeout(connect, delay);
  };
  ws.onerror = () => {};
}
connect();
