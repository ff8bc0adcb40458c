// CONNECT: tokens, namespaces, transports; the events a client may emit, with acknowledgements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, createSign } from 'node:crypto';
import { urls, newUser, connect, connected, connectError } from '../lib/platform.mjs';

function forgedToken(subject) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://kyc.orbitlend.test', sub: subject,
    upn: subject, groups: ['user', 'admin'], iat: now, exp: now + 600 })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

async function refusal(url, token, options) {
  const socket = connect(url, token, options);
  try {
    const error = await connectError(socket);
    assert.equal(socket.connected, false);
    return error;
  } finally {
    socket.disconnect();
  }
}

test('bad tokens and other namespaces are refused with CONNECT_ERROR', async () => {
  const url = urls.gateway();
  assert.match((await refusal(url, undefined)).message, /auth\.token is required/);
  assert.match((await refusal(url, 'not-a-jwt')).message, /^unauthorized: invalid token/);
  assert.match((await refusal(url, forgedToken('mallory'))).message, /^unauthorized: invalid token/);
  const user = await newUser('sio-ns');
  assert.match((await refusal(`${url}/admin`, user.token)).message, /Invalid namespace/);
});

test('HTTP long-polling is answered 400 with an Engine.IO error', async () => {
  const response = await fetch(`${urls.gateway()}/socket.io/?EIO=4&transport=polling`);
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(body.code, 0);
  assert.match(body.message, /only the websocket transport/);
  const old = await fetch(`${urls.gateway()}/socket.io/?EIO=3&transport=websocket`);
  assert.equal(old.status, 400);
  assert.equal((await old.json()).code, 5);
  // a client left on its default transports (polling first) cannot connect
  const user = await newUser('sio-polling');
  const error = await refusal(urls.gateway(), user.token, { transports: ['polling'], reconnection: false });
  assert.match(error.message, /xhr poll error/);
});

test('subscribe, unsubscribe and refresh are answered through their acknowledgement', async () => {
  const user = await newUser('sio-ack');
  const socket = connect(urls.gateway(), user.token);
  try {
    await connected(socket);
    const ask = (...args) => socket.timeout(10000).emitWithAck(...args);
    assert.deepEqual(await ask('subscribe', 'public:marketplace'), { ok: true, channel: 'public:marketplace' });
    assert.deepEqual(await ask('subscribe', { channel: `user:${user.id}` }), { ok: true, channel: `user:${user.id}` });
    assert.equal((await ask('subscribe', 'user:somebody-else')).code, 'forbidden_channel');
    assert.equal((await ask('subscribe', 'role:admin')).code, 'forbidden_channel');
    assert.equal((await ask('subscribe', 'public:nothing-here')).code, 'unknown_channel');
    assert.equal((await ask('subscribe', 'no channel')).code, 'invalid_channel');
    assert.equal((await ask('subscribe')).code, 'invalid_message');
    assert.deepEqual(await ask('unsubscribe', 'public:marketplace'), { ok: true, channel: 'public:marketplace' });
    assert.equal((await ask('unsubscribe', `user:${user.id}`)).code, 'forbidden_channel');
    assert.equal((await ask('dance')).code, 'unknown_event');
    const refreshed = await ask('refresh', user.token);
    assert.equal(refreshed.ok, true);
    assert.ok(Date.parse(refreshed.expiresAt) > Date.now());
    assert.equal((await ask('refresh', 'garbage')).code, 'invalid_token');
    assert.equal((await ask('refresh', forgedToken(user.id))).code, 'invalid_token');
    assert.equal(socket.connected, true, 'errors leave the socket connected');
  } finally {
    socket.disconnect();
  }
});
