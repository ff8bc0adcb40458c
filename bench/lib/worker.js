'use strict';
// A load-generator worker process: holds a share of the WebSocket sessions, checks every event frame it gets
// (lost / duplicated / misrouted / out of order) and measures send -> receive latency. Driven by run.js over IPC.
// Relies only on frame fields both gateway protocols have: type, event, channel, id, data; only the failover
// scenario (cfg.failoverUrl) keeps each session's positions (welcome/resumed cursor, `pos` of event frames) to
// reconnect to the surviving replica with its cursor, with jittered exponential backoff (native protocol only).
// With cfg.protocol 'socketio' it speaks Engine.IO 4 / Socket.IO over the same ws client (/socket.io/): an event
// there is 42["<event>",{data},"<offset>"] without channel or id, so both are derived from the event and its data
// (marketplace:update -> public:marketplace, loan:status -> user:<data.userId>), and the sequence from the loanId.
const WebSocket = require('ws');
const { Histogram } = require('./hist');
const { signer } = require('./jwt');
const ids = require('./ids');

let cfg;            // from 'init'
let epoch;          // process.hrtime() of run.js: one CLOCK_MONOTONIC origin for every process
let loadStartNs = Infinity;
let measureFromNs = Infinity;
let measureToNs = Infinity;
const sessions = [];
const hist = new Histogram();          // latency (µs) of events SENT inside the measured window
const perSec = [];                     // per second since load start: { d: deliveries, h: Histogram }
const c = {                            // counters of this worker
  received: 0, duplicates: 0, misrouted: 0, outOfOrder: 0, foreign: 0, unexpectedSeq: 0, corrupt: 0,
  errorFrames: 0, otherFrames: 0, badJson: 0, connectFailures: 0, subscribeFailures: 0, deflateNegotiated: 0,
};
const closeCodes = {};
const connectErrors = {};
const failover = {                     // the failover scenario: what happened to sessions whose replica died
  lost: 0, reconnectAttempts: 0, reconnectErrors: {}, recovered: 0, notRecovered: {}, replayed: 0,
  resumeUs: new Histogram(),           // connection lost -> `resumed` received
};
let stopping = false;

function nowNs() {
  const t = process.hrtime();
  return (t[0] - epoch[0]) * 1e9 + (t[1] - epoch[1]);
}

function between(s, marker, from = 0) {
  const i = s.indexOf(marker, from);
  if (i < 0) return null;
  const a = i + marker.length;
  const b = s.indexOf('"', a);
  return b < 0 ? null : s.slice(a, b);
}

function newStream() { return { counts: new Uint8Array(64), last: -1, received: 0 }; }

function bump(stream, seq) {
  if (seq >= stream.counts.length) {
    let n = stream.counts.length;
    while (n <= seq) n *= 2;
    const grown = new Uint8Array(n);
    grown.set(stream.counts);
    stream.counts = grown;
  }
  const v = stream.counts[seq];
  if (v < 255) stream.counts[seq] = v + 1;
  return v + 1;
}

function secSlot(recv) {
  const sec = Math.floor((recv - loadStartNs) / 1e9);
  if (sec < 0 || !Number.isFinite(sec)) return null;
  let slot = perSec[sec];
  if (!slot) {
    for (let i = perSec.length; i <= sec; i++) perSec[i] = perSec[i] || { d: 0, h: null };
    slot = perSec[sec];
  }
  return slot;
}

function socketIoIdentity(str) {
  // 42["marketplace:update",{…}] or 42["loan:status",{…"userId":"bench-u7"…}]
  const event = between(str, '42["');
  const li = str.indexOf('"loanId":"bench-');
  if (event === null || li < 0) return { channel: null, id: null };
  const a = li + 16;
  const seq = Number(str.slice(a, str.indexOf('-', a)));
  if (event === 'marketplace:update') return { channel: 'public:marketplace', id: ids.make(cfg.run, 0, seq) };
  const userId = between(str, '"userId":"');
  if (event !== 'loan:status' || userId === null || !userId.startsWith(cfg.userPrefix)) return { channel: null, id: null };
  return { channel: `user:${userId}`, id: ids.make(cfg.run, Number(userId.slice(cfg.userPrefix.length)) + 1, seq) };
}

function onEvent(s, str, recv) {
  let channel;
  let id;
  if (cfg.protocol === 'socketio') ({ channel, id } = socketIoIdentity(str));
  else { channel = between(str, '"channel":"'); id = between(str, '"id":"'); }
  const li = str.indexOf('"loanId":"bench-');
  if (channel === null || id === null || li < 0 || !id.startsWith(cfg.run)) { c.foreign++; return; }
  const { ci, seq } = ids.parse(id);
  // loanId = bench-<seq>-<send ns since the epoch>
  const a = li + 16;
  const dash = str.indexOf('-', a);
  const end = str.indexOf('"', dash);
  const lseq = Number(str.slice(a, dash));
  const sendNs = Number(str.slice(dash + 1, end));
  const expectedChannel = ci === 0 ? 'public:marketplace' : `user:${cfg.userPrefix}${ci - 1}`;
  if (channel !== expectedChannel || lseq !== seq) { c.corrupt++; return; }
  const entitled = ci === 0 ? s.subscribed : ci - 1 === s.userIdx;
  if (!entitled) { c.misrouted++; return; }
  const stream = ci === 0 ? s.bc : s.uc;
  if (bump(stream, seq) > 1) { c.duplicates++; return; }
  if (seq < stream.last) c.outOfOrder++; else stream.last = seq;
  stream.received++;
  c.received++;
  if (cfg.failoverUrl) {
    const pos = between(str, '"pos":"');
    if (pos !== null) s.pos.set(channel, pos);
  }
  const latUs = Math.max(0, Math.round((recv - sendNs) / 1000));
  const slot = secSlot(recv);
  if (slot) {
    slot.d++;
    if (!slot.h) slot.h = new Histogram();
    slot.h.record(latUs);
  }
  if (sendNs >= measureFromNs && sendNs < measureToNs) hist.record(latUs);
}

function onMessage(s, data) {
  const recv = nowNs();
  const str = typeof data === 'string' ? data : data.toString('utf8');
  if (cfg.protocol === 'socketio') { onEnginePacket(s, str, recv); return; }
  if (str.indexOf('"type":"event"') >= 0) { onEvent(s, str, recv); return; }
  let m;
  try { m = JSON.parse(str); } catch { c.badJson++; return; }
  switch (m && m.type) {
    case 'welcome':
      if (cfg.failoverUrl) setPositions(s, m.cursor);
      if (s.onWelcome) s.onWelcome(m);
      break;
    case 'resumed':
      if (cfg.failoverUrl) setPositions(s, m.cursor);
      if (m.recovered) { failover.recovered++; failover.replayed += m.replayed || 0; } else {
        failover.notRecovered[m.reason] = (failover.notRecovered[m.reason] || 0) + 1;
      }
      if (s.lostAtNs) { failover.resumeUs.record(Math.round((recv - s.lostAtNs) / 1000)); s.lostAtNs = 0; }
      break;
    case 'subscribed': if (m.channel === 'public:marketplace' && s.onSubscribed) s.onSubscribed(); break;
    case 'error':
      c.errorFrames++;
      if (s.onSubscribeError && m.channel === 'public:marketplace') s.onSubscribeError(m);
      break;
    default: c.otherFrames++;
  }
}

// Engine.IO 4 / Socket.IO 5 packets: 0 open, 2 ping (answered 3), 40 CONNECT ok, 44 CONNECT_ERROR, 42 event,
// 43<id> acknowledgement (of our subscribe, id 1), 41 server disconnect
function onEnginePacket(s, str, recv) {
  if (str.startsWith('42')) { onEvent(s, str, recv); return; }
  if (str === '2') { s.ws.send('3'); return; }
  if (str.startsWith('0{')) { s.ws.send(JSON.stringify({ token: s.token }).replace(/^/, '40')); return; }
  if (str.startsWith('40')) { if (s.onWelcome) s.onWelcome(); return; }
  if (str.startsWith('44')) { c.errorFrames++; if (s.onConnectError) s.onConnectError(str); return; }
  if (str.startsWith('43')) {
    let m;
    try { m = JSON.parse(str.slice(str.indexOf('[')))[0]; } catch { c.badJson++; return; }
    if (m && m.ok && s.onSubscribed) s.onSubscribed();
    else if (m && !m.ok) { c.errorFrames++; if (s.onSubscribeError) s.onSubscribeError(m); }
    return;
  }
  c.otherFrames++;
}

function setPositions(s, cursor) {
  if (typeof cursor !== 'string' || !cursor.startsWith('v2')) return;
  s.pos.clear();
  for (const part of cursor.split(',').slice(1)) {
    const eq = part.lastIndexOf('=');
    if (eq > 0) s.pos.set(part.slice(0, eq), part.slice(eq + 1));
  }
}

function cursorOf(s) {
  return `v2${[...s.pos].map(([channel, pos]) => `,${channel}=${pos}`).join('')}`;
}

/** Full-jitter exponential backoff (250 ms doubling, capped at 5 s), as a browser client would. */
function reconnect(s, attempt) {
  if (stopping) return;
  const delay = Math.random() * Math.min(5000, 250 * 2 ** attempt);
  setTimeout(async () => {
    if (stopping) return;
    failover.reconnectAttempts++;
    const url = `${cfg.failoverUrl}?cursor=${encodeURIComponent(cursorOf(s))}`;
    const ok = await connectOne(s, url, (reason) => {
      failover.reconnectErrors[reason] = (failover.reconnectErrors[reason] || 0) + 1;
    });
    if (!ok) reconnect(s, attempt + 1);
  }, delay);
}

function connectOne(s, url = cfg.url, onFailure = null) {
  return new Promise((resolve) => {
    const token = s.token;
    const opts = { perMessageDeflate: !!cfg.compression, skipUTF8Validation: true, handshakeTimeout: 60000 };
    let protocols;
    if (cfg.auth === 'subprotocol') {
      protocols = ['bearer-token-carrier', encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token}`)];
    } else {
      opts.headers = { Authorization: `Bearer ${token}` };
    }
    if (cfg.protocol === 'socketio') { protocols = undefined; delete opts.headers; }
    const ws = protocols ? new WebSocket(url, protocols, opts) : new WebSocket(url, opts);
    s.ws = ws;
    let done = false;
    const finish = (ok, reason) => {
      if (done) return;
      done = true;
      if (!ok && onFailure) onFailure(reason);
      else if (!ok) {
        c.connectFailures++;
        connectErrors[reason] = (connectErrors[reason] || 0) + 1;
      }
      resolve(ok);
    };
    s.onWelcome = () => {
      s.welcomeNs = nowNs(); s.open = true;
      if (/permessage-deflate/.test(ws.extensions || '')) c.deflateNegotiated++;
      finish(true);
    };
    s.onConnectError = (packet) => { finish(false, `CONNECT_ERROR ${packet.slice(2, 120)}`); ws.terminate(); };
    ws.on('message', (d) => onMessage(s, d));
    ws.on('unexpected-response', (req, res) => { finish(false, `HTTP ${res.statusCode}`); ws.terminate(); });
    ws.on('error', (e) => finish(false, e.code || e.message));
    ws.on('close', (code) => {
      const wasOpen = s.open && s.ws === ws;
      if (wasOpen) closeCodes[code] = (closeCodes[code] || 0) + 1;
      if (s.ws === ws) s.open = false;
      s.closedNs = s.closedNs || nowNs();
      finish(false, `closed ${code} before welcome`);
      if (wasOpen && cfg.failoverUrl && !stopping) {
        failover.lost++;
        s.lostAtNs = nowNs();
        reconnect(s, 0);
      }
    });
  });
}

function subscribe(s) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { c.subscribeFailures++; resolve(false); }, 60000);
    s.onSubscribed = () => { clearTimeout(timer); s.subscribed = true; s.onSubscribed = null; resolve(true); };
    s.onSubscribeError = (m) => {
      clearTimeout(timer);
      if (m.code === 'not_ready') { setTimeout(() => subscribe(s).then(resolve), 500); return; }
      c.subscribeFailures++;
      resolve(false);
    };
    s.ws.send(cfg.protocol === 'socketio' ? '421["subscribe","public:marketplace"]'
      : '{"type":"subscribe","channel":"public:marketplace"}');
  });
}

async function connectAll() {
  let next = 0;
  const subs = [];
  const lane = async () => {
    while (next < sessions.length) {
      const s = sessions[next++];
      if (await connectOne(s) && cfg.subscribe) subs.push(subscribe(s));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, cfg.concurrency) }, lane));
  const welcomeDoneNs = nowNs();
  await Promise.all(subs);
  return { welcomeDoneNs, subscribedDoneNs: nowNs() };
}

function finish(expect) {
  // expect.broadcasts: broadcasts sent (seq 0..B-1, all sent after every subscription was confirmed);
  // expect.perUser[u]: per-user events sent to user u (seq 0..n-1)
  const r = { lostOpen: 0, lostClosed: 0, sessionsWithLoss: 0, expected: 0, connected: 0, subscribed: 0,
    openAtEnd: 0 };
  const missing = (stream, n) => {
    let m = 0;
    const counts = stream.counts;
    for (let i = 0; i < n; i++) if (i >= counts.length || counts[i] === 0) m++;
    for (let i = n; i < counts.length; i++) if (counts[i] > 0) c.unexpectedSeq++;
    return m;
  };
  for (const s of sessions) {
    if (!s.welcomeNs) continue;
    r.connected++;
    if (s.open) r.openAtEnd++;
    let lost = 0;
    let exp = 0;
    if (s.subscribed) { r.subscribed++; exp += expect.broadcasts; lost += missing(s.bc, expect.broadcasts); }
    const nUser = expect.perUser[s.userIdx] || 0;
    exp += nUser;
    lost += missing(s.uc, nUser);
    r.expected += exp;
    if (lost) {
      r.sessionsWithLoss++;
      if (s.open) r.lostOpen += lost; else r.lostClosed += lost;
    }
  }
  r.neverResumed = sessions.filter((s) => s.lostAtNs).length;
  return {
    ...r, counters: c, closeCodes, connectErrors, latency: hist.toJSON(),
    failover: { ...failover, resumeUs: failover.resumeUs.toJSON() },
    perSec: perSec.map((x) => ({ d: x ? x.d : 0, h: x && x.h ? x.h.toJSON() : null })),
  };
}

process.on('message', async (msg) => {
  switch (msg.cmd) {
    case 'init': {
      cfg = msg.cfg;
      epoch = msg.epoch;
      const sign = signer(cfg.privateKeyPem, cfg.issuer, cfg.audience);
      for (let u = cfg.first; u < cfg.first + cfg.count; u++) {
        sessions.push({ userIdx: u, token: sign(`${cfg.userPrefix}${u}`, ['user'], cfg.tokenTtl), bc: newStream(),
          uc: newStream(), open: false, subscribed: false, pos: new Map(), lostAtNs: 0 });
      }
      process.send({ cmd: 'ready' });
      break;
    }
    case 'connect': {
      const r = await connectAll();
      process.send({ cmd: 'connected', ...r, connected: sessions.filter((s) => s.welcomeNs).length,
        subscribed: sessions.filter((s) => s.subscribed).length, connectFailures: c.connectFailures,
        connectErrors });
      setInterval(() => { if (process.connected) process.send({ cmd: 'progress', received: c.received }); }, 500).unref();
      break;
    }
    case 'warmup': {
      // connect every session, close them all, and forget them: the measured connect starts on a warm JIT
      await connectAll();
      const connected = sessions.filter((s) => s.welcomeNs).length;
      await Promise.all(sessions.map((s) => new Promise((resolve) => {
        const ws = s.ws;
        if (!ws || ws.readyState === WebSocket.CLOSED) { resolve(); return; }
        const timer = setTimeout(() => { ws.terminate(); resolve(); }, 10000);
        ws.once('close', () => { clearTimeout(timer); resolve(); });
        ws.close(1000);
      })));
      for (const s of sessions) {
        Object.assign(s, { ws: null, open: false, welcomeNs: 0, closedNs: 0, subscribed: false, pos: new Map() });
      }
      c.connectFailures = 0;
      for (const k of Object.keys(connectErrors)) delete connectErrors[k];
      for (const k of Object.keys(closeCodes)) delete closeCodes[k];
      process.send({ cmd: 'warmed', connected });
      break;
    }
    case 'start':
      loadStartNs = msg.loadStartNs; measureFromNs = msg.measureFromNs; measureToNs = msg.measureToNs;
      break;
    case 'finish':
      stopping = true;
      process.send({ cmd: 'result', result: finish(msg.expect) });
      break;
    case 'close':
      stopping = true;
      for (const s of sessions) if (s.ws) s.ws.terminate();
      setTimeout(() => process.exit(0), 200);
      break;
    default:
  }
});
process.on('disconnect', () => process.exit(0));
process.on('error', () => process.exit(0)); // the driver went away
