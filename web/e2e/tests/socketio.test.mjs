// The /test/websocket page switched to the Socket.IO transport (issue #11): the app's real socket.io-client through
// the edge's /socket.io/ route to the gateway, in Debian's Chromium. An admin connects, sees the status live and a
// seed event arrive, disconnects, misses an event, reconnects and is recovered (socket.recovered === true) with
// the missed event replayed; subscribe/unsubscribe acknowledgements and a refusal come back as frames.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Platform } from '../lib/platform.mjs';
import { ErrorLog, launch } from '../lib/browser.mjs';
import { connection, screenshot, signIn, sleep, untilText } from '../lib/ui.mjs';

const ADMIN = { username: 'admin', password: 'admin-dev-password' };

let platform;
let browser;
const errors = new ErrorLog();

before(async () => {
  platform = await Platform.acquire();
  browser = await launch();
}, { timeout: 1000 * Number(process.env.ORBITLEND_E2E_START_TIMEOUT ?? 420) + 60_000 });

after(async () => {
  await browser?.close();
  await platform?.release();
}, { timeout: 90_000 });

/** The texts of the frame log's entries. */
async function logTexts(frames) {
  return frames.getByRole('listitem').allInnerTexts();
}

async function untilLogged(frames, pattern, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const texts = await logTexts(frames);
    const hit = texts.find((t) => pattern.test(t));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no frame matching ${pattern}; last frames:\n${texts.slice(-10).join('\n')}`);
    await sleep(200);
  }
}

test('the /test/websocket page over Socket.IO: live status, seed events, recovery, acknowledgements', { timeout: 300_000 }, async () => {
  const url = platform.url;
  const tag = Math.random().toString(36).slice(2, 10);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  errors.watch(context, 'admin');
  const page = await context.newPage();
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));

  await signIn(page, url, ADMIN.username, ADMIN.password);
  await page.goto(`${url}/test/websocket`);
  const status = connection(page);
  const transport = page.getByLabel('Transport', { exact: true });
  const frames = page.getByRole('list', { name: 'Frame log' });
  await untilText(status, /^Live$/);
  assert.equal(await transport.inputValue(), 'native', 'the native transport is the default');

  // switch: the tab's connection is replaced by a Socket.IO one (the page logs from the new client on)
  await transport.selectOption({ label: 'Socket.IO' });
  await untilText(status, /^Live$/);
  const welcome = await untilLogged(frames, /"type":"welcome".*"transport":"socket\.io"/);
  assert.match(welcome, /"channels":\[[^\]]*"role:admin"/);
  assert.equal((await page.getByLabel('Recovered', { exact: true }).innerText()).trim(), 'false', 'a new socket is not recovered');
  assert.ok(sockets.some((s) => /\/socket\.io\/\?EIO=4&transport=websocket/.test(s)), `a Socket.IO WebSocket was opened: ${sockets}`);

  // a seed event: the admin's simulated system_alert to role:admin arrives as admin:notification
  const first = `Socket.IO alert ${tag}`;
  await page.getByLabel('Message', { exact: true }).fill(first);
  await page.getByRole('button', { name: 'Simulate event' }).click();
  const event = await untilLogged(frames, new RegExp(`"event":"admin:notification".*${first}`));
  assert.match(event, /"channel":"role:admin"/);
  assert.match(event, /"type":"system_alert"/);
  assert.match(event, /"offset":"f1,/);
  await untilText(page.getByRole('log').first(), new RegExp(`System alert.*${first}`));

  // disconnect, miss an event, connect again: recovered, the missed event replayed
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await untilText(status, /^Offline/);
  const missed = `Missed while away ${tag}`;
  const accepted = page.getByText(/^Accepted as /);
  const firstId = await accepted.innerText();
  await page.getByLabel('Message', { exact: true }).fill(missed);
  await page.getByRole('button', { name: 'Simulate event' }).click();
  for (let i = 0; (await accepted.innerText()) === firstId; i++) {
    if (i > 150) throw new Error('the second simulated event was not accepted');
    await sleep(200);
  }
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await untilText(status, /^Live$/);
  await untilLogged(frames, /"type":"resumed","recovered":true/);
  assert.equal((await page.getByLabel('Recovered', { exact: true }).innerText()).trim(), 'true');
  await untilLogged(frames, new RegExp(`"event":"admin:notification".*${missed}`));
  const replays = (await logTexts(frames)).filter((t) => t.includes(missed) && t.includes('"type":"event"'));
  assert.equal(replays.length, 1, 'the missed event exactly once');

  // subscribe / unsubscribe with acknowledgements; a forbidden channel answered with its error code
  const channel = page.getByLabel('Channel', { exact: true });
  await channel.fill('public:marketplace');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await untilLogged(frames, /"type":"subscribed","channel":"public:marketplace"/);
  await page.getByRole('button', { name: 'Unsubscribe', exact: true }).click();
  await untilLogged(frames, /"type":"unsubscribed","channel":"public:marketplace"/);
  await channel.fill('user:someone-else');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await untilLogged(frames, /"type":"error","code":"forbidden_channel"/);

  // ping: answered at the gateway's next Engine.IO heartbeat (20 s interval)
  await page.getByRole('button', { name: 'Ping', exact: true }).click();
  await untilLogged(frames, /"type":"pong"/, 45_000);
  await untilText(status, /^Live$/);
  await screenshot(page, 'test-websocket-socketio');

  await context.close();
  assert.deepEqual(errors.errors, [], 'no console errors and no page errors');
});
