#!/usr/bin/env -S node --experimental-websocket --no-warnings
// The OrbitLend tour against a running stack (bin/orbitlend up): real logins, real REST calls, and three
// WebSocket sessions (alice, bob, admin) whose frames are printed as they arrive.
//
//   node --experimental-websocket tools/tour.mjs
//
// Environment: ORBITLEND_KYC_URL (http://localhost:8082), ORBITLEND_LOAN_URL (http://localhost:8081),
// ORBITLEND_MARKETPLACE_URL (http://localhost:8083), ORBITLEND_GATEWAY_URL (ws://localhost:8080/ws),
// ORBITLEND_ADMIN_PASSWORD (the local stack's development admin password).
import { randomBytes } from 'node:crypto';

const KYC = process.env.ORBITLEND_KYC_URL ?? 'http://localhost:8082';
const LOAN = process.env.ORBITLEND_LOAN_URL ?? 'http://localhost:8081';
const MARKET = process.env.ORBITLEND_MARKETPLACE_URL ?? 'http://localhost:8083';
const GATEWAY = process.env.ORBITLEND_GATEWAY_URL ?? 'ws://localhost:8080/ws';
const ADMIN_PASSWORD = process.env.ORBITLEND_ADMIN_PASSWORD ?? 'admin-dev-password';
const PASSWORD = 'correct-horse-battery';   // tour accounts only

const step = (text) => console.log(`\n\x1b[1;34m==> ${text}\x1b[0m`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(method, url, token, body, expected = [200, 201, 204]) {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!expected.includes(res.status)) {
    throw new Error(`${method} ${url} -> ${res.status} ${text}`);
  }
  return json;
}

async function account(username) {
  await call('POST', `${KYC}/api/auth/register`, null, { username, password: PASSWORD }, [201, 409]);
  return (await call('POST', `${KYC}/api/auth/login`, null, { username, password: PASSWORD })).accessToken;
}

function watch(name, token) {
  const frames = [];
  const ws = new WebSocket(GATEWAY, ['bearer-token-carrier',
    encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token}`)]);
  ws.onmessage = (m) => {
    const f = JSON.parse(m.data);
    frames.push(f);
    const what = f.type === 'event' ? `${f.event} on ${f.channel} ${JSON.stringify(f.data)}` : JSON.stringify(f);
    console.log(`   [${name}] ${what}`);
  };
  const opened = new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  return { ws, frames, opened, send: (o) => ws.send(JSON.stringify(o)) };
}

async function until(what, check, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const suffix = randomBytes(3).toString('hex');
step(`Log in: tour accounts alice-${suffix}, bob-${suffix} (registered now) and the admin`);
const alice = await account(`alice-${suffix}`);
const bob = await account(`bob-${suffix}`);
const admin = (await call('POST', `${KYC}/api/auth/login`, null, { username: 'admin', password: ADMIN_PASSWORD }))
  .accessToken;

step('Open three sockets; bob subscribes to public:marketplace');
const sockets = { alice: watch('alice', alice), bob: watch('bob', bob), admin: watch('admin', admin) };
await Promise.all(Object.values(sockets).map((s) => s.opened));
sockets.bob.send({ type: 'subscribe', channel: 'public:marketplace' });
await sleep(300);

step('alice submits KYC; the admin approves it');
const kyc = await call('POST', `${KYC}/api/kyc`, alice, {
  fullName: 'Alice Example', dateOfBirth: '1990-04-01', country: 'DE',
  documents: [{ type: 'passport', reference: `upload-${suffix}` }],
});
await call('POST', `${KYC}/api/admin/kyc/${kyc.id}/approve`, admin);

step('alice requests a loan; the admin approves and funds it');
const loan = await call('POST', `${LOAN}/api/loans`, alice,
  { amount: 1500, asset: 'USDC', purpose: 'Bridge loan', collateral: { asset: 'ETH', amount: 0.8 } });
await until('loan-service to learn that alice passed KYC', async () => {
  const r = await fetch(`${LOAN}/api/admin/loans/${loan.id}/approve`,
    { method: 'POST', headers: { Authorization: `Bearer ${admin}` } });
  return r.status === 200;
});
const nftId = `nft-${suffix}`;
await call('POST', `${LOAN}/api/admin/loans/${loan.id}/fund`, admin,
  { txHash: `0x${randomBytes(32).toString('hex')}`, nftId });

step('The admin lists the treasury-owned loan note; bob buys it; alice repays 500');
await until('the marketplace to register the note', async () =>
  (await fetch(`${MARKET}/api/marketplace/notes/${nftId}`, { headers: { Authorization: `Bearer ${admin}` } })).ok);
await call('POST', `${MARKET}/api/marketplace/notes/${nftId}/listing`, admin, { price: 1450 });
await call('POST', `${MARKET}/api/marketplace/notes/${nftId}/purchase`, bob);
await call('POST', `${MARKET}/api/marketplace/loans/${loan.id}/repayments`, alice, { amount: 500 });

step('Every seed event, at exactly the sockets entitled to it');
const expected = {
  admin: ['loan:new', 'admin:notification', 'admin:notification'],
  alice: ['kyc:status', 'loan:status', 'loan:funded', 'marketplace:update'],
  bob: ['marketplace:update', 'marketplace:update', 'marketplace:update'],
};
await until('all expected events', async () => Object.entries(expected).every(([name, events]) =>
  events.every((e) => sockets[name].frames.some((f) => f.event === e))), 20000).catch((e) => {
  console.error(e.message);
  process.exitCode = 1;
});
await sleep(500);
for (const [name, s] of Object.entries(sockets)) {
  console.log(`   ${name}: ${s.frames.filter((f) => f.type === 'event').map((f) => f.event).join(', ')}`);
  s.ws.close();
}
