// The platform started by SocketIoCompatE2ETest (URLs and the admin password in the environment), its REST
// APIs as a frontend calls them, sockets of the real socket.io-client, and a TCP relay the tests can re-point
// or freeze (the replica behind a load balancer, a connection that goes silent).
import { io } from 'socket.io-client';
import net from 'node:net';
import { randomUUID } from 'node:crypto';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through SocketIoCompatE2ETest`);
  return value;
};
export const urls = {
  kyc: () => env('KYC_URL'), loan: () => env('LOAN_URL'), market: () => env('MARKET_URL'),
  gateway: () => env('GATEWAY_URL'), replicaA: () => env('GATEWAY_A_URL'), replicaB: () => env('GATEWAY_B_URL'),
};
export const PASSWORD = 'e2e-password-for-tests';

export async function call(base, method, path, token, body, ...expected) {
  const response = await fetch(base + path, {
    method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (expected.length && !expected.includes(response.status)) {
    throw new Error(`${method} ${path} -> ${response.status} ${text}`);
  }
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function login(username, password) {
  const tokens = (await call(urls.kyc(), 'POST', '/api/auth/login', null, { username, password }, 200)).body;
  const me = (await call(urls.kyc(), 'GET', '/api/auth/me', tokens.accessToken, undefined, 200)).body;
  return { id: me.id, username, token: tokens.accessToken };
}

export async function newUser(name) {
  const username = `${name}-${randomUUID().slice(0, 8)}`;
  await call(urls.kyc(), 'POST', '/api/auth/register', null, { username, password: PASSWORD }, 201);
  return login(username, PASSWORD);
}

export const admin = () => login('admin', env('ADMIN_PASSWORD'));

export async function submitKyc(user) {
  return (await call(urls.kyc(), 'POST', '/api/kyc', user.token, {
    fullName: 'Socket Person', dateOfBirth: '1990-04-01', country: 'DE',
    documents: [{ type: 'passport', reference: `upload-${randomUUID()}` }],
  }, 201)).body.id;
}

export async function requestLoan(user, amount, purpose) {
  return (await call(urls.loan(), 'POST', '/api/loans', user.token, {
    amount, asset: 'USDC', purpose, collateral: { asset: 'ETH', amount: 1.25 },
  }, 201)).body.id;
}

export async function until(what, check, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A socket.io-client socket that records every event (name, data, offset) in arrival order. */
export function connect(url, token, options = {}) {
  const socket = io(url, {
    auth: token === undefined ? {} : { token }, transports: ['websocket'], forceNew: true,
    reconnectionDelay: 200, reconnectionDelayMax: 1000, ...options,
  });
  socket.received = [];
  socket.connects = [];
  socket.disconnects = [];
  socket.onAny((event, data, offset) => socket.received.push({ event, data, offset }));
  socket.on('connect', () => socket.connects.push({ recovered: socket.recovered, id: socket.id }));
  socket.on('disconnect', (reason, details) => socket.disconnects.push({ reason, code: details?.context?.code }));
  return socket;
}

export function connected(socket, count = 1, timeoutMs = 30000) {
  return until(`connect #${count}`, () => socket.connects.length >= count && socket.connected, timeoutMs);
}

export function connectError(socket) {
  return new Promise((resolve) => socket.once('connect_error', resolve));
}

export const events = (socket, name) => socket.received.filter((e) => e.event === name);

export function awaitEvent(socket, name, predicate = () => true, timeoutMs = 30000) {
  return until(`${name} event`, () => events(socket, name).find((e) => predicate(e.data)), timeoutMs);
}

/** A TCP relay to a gateway replica: re-point it, or freeze a direction of its current connections. */
export function relay(target) {
  const state = { target: new URL(target), links: new Set() };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(state.target.port), state.target.hostname);
    const link = { client, upstream, frozen: { toServer: false, toClient: false } };
    state.links.add(link);
    client.on('data', (chunk) => { if (!link.frozen.toServer) upstream.write(chunk); });
    upstream.on('data', (chunk) => { if (!link.frozen.toClient) client.write(chunk); });
    const end = () => { client.destroy(); upstream.destroy(); state.links.delete(link); };
    client.on('error', end); upstream.on('error', end); client.on('close', end); upstream.on('close', end);
  });
  return {
    async start() {
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${server.address().port}`;
    },
    pointTo(url) { state.target = new URL(url); },
    freeze(direction) { for (const link of state.links) link.frozen[direction] = true; },
    close() { for (const link of state.links) { link.client.destroy(); link.upstream.destroy(); } server.close(); },
  };
}
