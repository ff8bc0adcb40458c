#!/usr/bin/env node
'use strict';
// The benchmark driver: started by bench/bench.sh (via `bin/orbitlend bench`) once Kafka, PostgreSQL and the
// gateway (and for `rest` kyc-service and loan-service) run. It forks the client workers, produces the
// notifications, samples the server, and writes results.json, report.md and plot.svg.
const fs = require('fs');
const path = require('path');
const { fork } = require('child_process');
const { Kafka, logLevel } = require('kafkajs');
const { Histogram } = require('./lib/hist');
const metrics = require('./lib/metrics');
const ids = require('./lib/ids');
const report = require('./lib/report');

const SCENARIOS = {
  broadcast: { sessions: 5000, rate: 10, duration: 60, warmup: 45 },
  mixed: { sessions: 5000, rate: 1000, broadcastRate: 5, duration: 60, warmup: 45 },
  // --warmup-rounds: connect all sessions and close them that many times before the measured connect (JIT warm-up)
  idle: { sessions: 5000, duration: 10, warmup: 0, warmupRounds: 2 },
  rest: { sessions: 20, rate: 5, duration: 60, warmup: 45 },
  smoke: { sessions: 50, rate: 5, userRate: 50, duration: 5, warmup: 0 },
  // sessions on replica B, per-user events at --rate; B is SIGKILLed --kill-after s into the load; the clients
  // reconnect to replica A with their cursor (backoff with full jitter); --duration s of load in all
  failover: { sessions: 5000, rate: 200, broadcastRate: 0, duration: 60, warmup: 0, killAfter: 20 },
};
const NOTIFICATIONS = 'orbitlend.notifications';
const DLQ = 'orbitlend.notifications.dlq';

function parseArgs(argv) {
  const scenario = argv[0];
  if (!SCENARIOS[scenario]) throw new Error(`unknown scenario '${scenario}' (${Object.keys(SCENARIOS).join(', ')})`);
  const o = { scenario, ...SCENARIOS[scenario], compression: false, label: '', auth: 'header', protocol: 'native',
    concurrency: 64, drainIdle: 15, drainMax: 240 };
  const num = (v, name) => { const n = Number(v); if (!Number.isFinite(n) || n < 0) throw new Error(`${name}: not a number: ${v}`); return n; };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    switch (a) {
      case '--sessions': o.sessions = num(val(), a); break;
      case '--rate': o.rate = num(val(), a); break;
      case '--broadcast-rate': o.broadcastRate = num(val(), a); break;
      case '--user-rate': o.userRate = num(val(), a); break;
      case '--duration': o.duration = num(val(), a); break;
      case '--warmup': o.warmup = num(val(), a); break;
      case '--warmup-rounds': o.warmupRounds = num(val(), a); break;
      case '--workers': o.workers = num(val(), a); break;
      case '--concurrency': o.concurrency = num(val(), a); break;
      case '--drain-idle': o.drainIdle = num(val(), a); break;
      case '--kill-after': o.killAfter = num(val(), a); break;
      case '--background': o.background = num(val(), a); break;
      case '--background-rate': o.backgroundRate = num(val(), a); break;
      case '--background-broadcast-rate': o.backgroundBroadcastRate = num(val(), a); break;
      case '--check': o.check = true; break;
      case '--compression': o.compression = true; break;
      case '--no-compression': o.compression = false; break;
      case '--auth': o.auth = val(); break;
      case '--protocol': o.protocol = val(); if (!['native', 'socketio'].includes(o.protocol)) throw new Error('--protocol native|socketio'); break;
      case '--label': o.label = val(); break;
      case '--inject': o.inject = val(); if (!['lost', 'reorder', 'corrupt'].includes(o.inject)) throw new Error('--inject lost|reorder|corrupt'); break;
      // handled by bench.sh
      case '--gateway-jar': case '--port-base': case '--gateway-jvm-opts': case '--results-dir': val(); break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  if (o.workers === undefined) o.workers = o.sessions >= 2000 ? 2 : 1;
  if (o.scenario === 'smoke') o.check = true;
  if (o.scenario === 'failover' && o.killAfter >= o.duration) throw new Error('--kill-after must be below --duration');
  if (o.background && o.scenario !== 'rest') throw new Error('--background is an option of the rest scenario');
  // a Socket.IO event carries no notification id, so a notification of another channel's id cannot be told apart
  if (o.protocol === 'socketio' && o.inject === 'corrupt') throw new Error('--inject corrupt needs --protocol native');
  if (o.protocol === 'socketio' && o.scenario === 'rest') throw new Error('the rest scenario runs on the native protocol only');
  if (o.protocol === 'socketio' && o.scenario === 'failover') throw new Error('the failover scenario runs on the native protocol only (Socket.IO recovery is tested in e2e-tests/socketio)');
  return o;
}

const env = (name) => { const v = process.env[name]; if (!v) throw new Error(`${name} is not set (run through bin/orbitlend bench)`); return v; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * After a full GC, how long to wait before reading RSS: since JDK 17 G1 gives shrunk heap regions back to the OS
 * concurrently, so RSS read at once can still count memory the heap no longer holds (the same wait at both ends).
 */
const RSS_SETTLE_MS = 3000;
const epoch = process.hrtime();
const nowNs = () => { const t = process.hrtime(); return (t[0] - epoch[0]) * 1e9 + (t[1] - epoch[1]); };
const log = (...a) => console.log(`[bench ${(nowNs() / 1e9).toFixed(1)}s]`, ...a);
const round = (x, d = 2) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

// ---------------------------------------------------------------- process sampling
class Sampler {
  constructor(pids) { this.pids = pids; this.series = []; this.prev = this.snap(); }
  snap() {
    const s = { ns: nowNs() };
    for (const [name, pid] of Object.entries(this.pids)) {
      const list = Array.isArray(pid) ? pid : [pid];
      let user = 0; let sys = 0; let ok = false;
      for (const p of list) { const c = metrics.cpu(p); if (c) { user += c.user; sys += c.sys; ok = true; } }
      s[name] = ok ? { user, sys } : null;
    }
    s.gatewayRssKb = metrics.rssKb(this.pids.gateway);
    return s;
  }
  tick(extra) {
    const cur = this.snap();
    const dt = (cur.ns - this.prev.ns) / 1e9;
    const row = { ...extra, gatewayRssMb: cur.gatewayRssKb ? round(cur.gatewayRssKb / 1024, 1) : null };
    for (const name of Object.keys(this.pids)) {
      const a = this.prev[name]; const b = cur[name];
      row[`${name}CpuPct`] = a && b && dt > 0.05 ? round(((b.user + b.sys - a.user - a.sys) / dt) * 100, 1) : null;
    }
    this.prev = cur;
    this.series.push(row);
    return row;
  }
}

function cpuDelta(a, b, seconds, name) {
  if (!a[name] || !b[name]) return null;
  const user = b[name].user - a[name].user; const sys = b[name].sys - a[name].sys;
  return { userSeconds: round(user, 3), sysSeconds: round(sys, 3), pctOfCore: round(((user + sys) / seconds) * 100, 1) };
}

// ---------------------------------------------------------------- workers
function startWorkers(o, run) {
  const workers = [];
  const privateKeyPem = fs.readFileSync(env('BENCH_PRIVATE_KEY'), 'utf8');
  const per = Math.ceil(o.sessions / o.workers);
  for (let w = 0; w < o.workers; w++) {
    const first = w * per;
    const count = Math.max(0, Math.min(per, o.sessions - first));
    if (!count) continue;
    const child = fork(path.join(__dirname, 'lib', 'worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const wk = { child, first, count, received: 0, waiters: {} };
    child.on('message', (m) => {
      if (m.cmd === 'progress') { wk.received = m.received; return; }
      const waiter = wk.waiters[m.cmd];
      if (waiter) { delete wk.waiters[m.cmd]; waiter(m); }
    });
    child.on('exit', (code) => { if (code && !wk.closing) { console.error(`worker ${w} exited with ${code}`); process.exit(3); } });
    child.send({ cmd: 'init', epoch, cfg: {
      url: o.scenario === 'failover' ? env('GATEWAY_B_WS_URL')
        : o.protocol === 'socketio' ? env('GATEWAY_WS_URL').replace(/\/ws$/, '/socket.io/?EIO=4&transport=websocket')
          : env('GATEWAY_WS_URL'),
      failoverUrl: o.scenario === 'failover' ? env('GATEWAY_WS_URL') : null, protocol: o.protocol,
      issuer: env('BENCH_ISSUER'), audience: env('BENCH_AUDIENCE'), privateKeyPem, run, userPrefix: 'bench-u',
      first, count, subscribe: o.subscribe, compression: o.compression, auth: o.auth,
      concurrency: Math.max(1, Math.round(o.concurrency / o.workers)), tokenTtl: 6 * 3600,
    } });
    workers.push(wk);
  }
  const ask = (cmd, reply, extra = {}) => Promise.all(workers.map((wk) => new Promise((resolve) => {
    wk.waiters[reply] = resolve;
    if (cmd) wk.child.send({ cmd, ...extra });
  })));
  return { workers, ask, pids: workers.map((w) => w.child.pid), received: () => workers.reduce((a, w) => a + w.received, 0) };
}

// ---------------------------------------------------------------- Kafka
async function kafkaClient() {
  const kafka = new Kafka({ clientId: 'orbitlend-bench', brokers: [env('KAFKA_BOOTSTRAP_SERVERS')], logLevel: logLevel.WARN });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  return { producer, admin };
}

async function dlqCount(admin) {
  try {
    const offs = await admin.fetchTopicOffsets(DLQ);
    return offs.reduce((a, p) => a + Number(p.high), 0);
  } catch { return null; }
}

/** One produce request in flight at a time (so nothing can reorder a channel), the rest queued. */
function pipeline(producer) {
  const st = { queue: [], inflight: false, errors: 0, sent: 0, lastError: null };
  const pump = () => {
    if (st.inflight || !st.queue.length) return;
    const messages = st.queue; st.queue = [];
    st.inflight = true;
    producer.send({ topic: NOTIFICATIONS, acks: -1, messages })
      .then(() => { st.sent += messages.length; })
      .catch((e) => { st.errors += messages.length; st.lastError = String(e.message || e); })
      .finally(() => { st.inflight = false; pump(); });
  };
  st.push = (m) => { st.queue.push(m); pump(); };
  st.idle = async () => { while (st.inflight || st.queue.length) await sleep(5); };
  return st;
}

function broadcastMessage(run, seq) {
  const t = Math.round(nowNs()); const iso = new Date().toISOString();
  const channel = 'public:marketplace';
  return { key: channel, value: JSON.stringify({ id: ids.make(run, 0, seq), channel, event: 'marketplace:update',
    data: { type: 'new_listing', loanId: `bench-${seq}-${t}`, nftId: `nft-bench-${seq}`, amount: 1450, timestamp: iso },
    time: iso }) };
}

function userMessage(run, u, seq, idUser = u) {
  const t = Math.round(nowNs()); const iso = new Date().toISOString();
  const userId = `bench-u${u}`; const channel = `user:${userId}`;
  return { key: channel, value: JSON.stringify({ id: ids.make(run, idUser + 1, seq), channel, event: 'loan:status',
    data: { loanId: `bench-${seq}-${t}`, userId, status: 'approved', amount: 1500, timestamp: iso }, time: iso }) };
}

// ---------------------------------------------------------------- socket scenarios
async function socketScenario(o, info) {
  const run = [...Array(8)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
  const gatewayPid = Number(env('GATEWAY_PID'));
  const bRate = o.scenario === 'broadcast' || o.scenario === 'smoke' ? o.rate
    : o.scenario === 'mixed' || o.scenario === 'failover' ? o.broadcastRate || 0 : 0;
  const uRate = o.scenario === 'mixed' || o.scenario === 'failover' ? o.rate : o.scenario === 'smoke' ? o.userRate : 0;
  o.subscribe = bRate > 0;
  const { producer, admin } = o.scenario === 'idle' ? {} : await kafkaClient();

  const res = { run };
  const pool = startWorkers(o, run);
  await pool.ask(null, 'ready');
  log(`${o.sessions} tokens signed in ${pool.workers.length} worker(s); connecting at concurrency ${o.concurrency}`);
  if (o.scenario === 'idle') {
    res.cold = { rssKb: metrics.rssKb(gatewayPid) };
    res.warmupRounds = [];
    for (let r = 0; r < (o.warmupRounds || 0); r++) {
      const w0 = nowNs();
      const warmed = await pool.ask('warmup', 'warmed');
      const secs = (nowNs() - w0) / 1e9;
      const connected = warmed.reduce((a, w) => a + w.connected, 0);
      res.warmupRounds.push({ connected, seconds: round(secs, 3) });
      log(`warm-up round ${r + 1}: ${connected} sessions connected and closed in ${secs.toFixed(2)} s`);
    }
    if (res.warmupRounds.length) await sleep(2000); // the closes reach the server
    res.before = { heap: metrics.heapAfterGcKb(gatewayPid) };
    await sleep(RSS_SETTLE_MS);
    res.before.rssKb = metrics.rssKb(gatewayPid); // RSS after the GC and the heap it gives back
    delete res.before.heap.raw;
  }
  const pids = { gateway: gatewayPid, generator: [process.pid, ...pool.pids] };
  const killedPid = o.scenario === 'failover' ? Number(env('GATEWAY_B_PID')) : null;
  if (killedPid) pids.gatewayB = killedPid;
  if (process.env.KAFKA_PID) pids.kafka = Number(process.env.KAFKA_PID);
  const cpuBeforeConnect = new Sampler(pids).snap();
  const t0 = nowNs();
  const conn = await pool.ask('connect', 'connected');
  const welcomeDone = Math.max(...conn.map((c) => c.welcomeDoneNs));
  const subscribedDone = Math.max(...conn.map((c) => c.subscribedDoneNs));
  const cpuAfterConnect = new Sampler(pids).snap();
  const connected = conn.reduce((a, c) => a + c.connected, 0);
  const subscribed = conn.reduce((a, c) => a + c.subscribed, 0);
  const connectErrors = {};
  for (const c of conn) for (const [k, v] of Object.entries(c.connectErrors)) connectErrors[k] = (connectErrors[k] || 0) + v;
  const connectSeconds = (welcomeDone - t0) / 1e9;
  res.connect = {
    sessions: o.sessions, connected, failed: o.sessions - connected, errors: connectErrors,
    seconds: round(connectSeconds, 3), ratePerSecond: round(connected / connectSeconds, 1),
    subscribed, subscribeSeconds: o.subscribe ? round((subscribedDone - welcomeDone) / 1e9, 3) : null,
    gatewayCpu: cpuDelta(cpuBeforeConnect, cpuAfterConnect, (cpuAfterConnect.ns - cpuBeforeConnect.ns) / 1e9, 'gateway'),
  };
  log(`connected ${connected}/${o.sessions} in ${connectSeconds.toFixed(2)} s (${res.connect.ratePerSecond}/s)` +
      (o.subscribe ? `, ${subscribed} subscribed to public:marketplace` : ''));

  const sampler = new Sampler(pids);
  const perUser = new Array(o.sessions).fill(0);
  let broadcasts = 0;
  let userEvents = 0;
  const secRows = [];
  let windowCpu = {};
  if (o.scenario === 'idle') {
    const a = sampler.snap();
    for (let s = 0; s < o.duration; s++) { await sleep(1000); secRows.push(sampler.tick({ t: s + 1 })); }
    const b = sampler.snap();
    const secs = (b.ns - a.ns) / 1e9;
    windowCpu = { seconds: round(secs, 2), gateway: cpuDelta(a, b, secs, 'gateway'), generator: cpuDelta(a, b, secs, 'generator') };
    res.after = { heap: metrics.heapAfterGcKb(gatewayPid) };
    await sleep(RSS_SETTLE_MS);
    res.after.rssKb = metrics.rssKb(gatewayPid);
    delete res.after.heap.raw;
    const n = connected || 1;
    res.perConnection = {
      rssKb: round((res.after.rssKb - res.before.rssKb) / n, 2),
      // from the freshly started JVM: also counts what the warm-up made the JVM commit and keep (heap, code)
      rssKbFromCold: round((res.after.rssKb - res.cold.rssKb) / n, 2),
      heapKb: res.after.heap.usedKb != null && res.before.heap.usedKb != null
        ? round((res.after.heap.usedKb - res.before.heap.usedKb) / n, 2) : null,
    };
  } else {
    const pipe = pipeline(producer);
    const loadStartNs = nowNs() + 200e6;
    const measureFromNs = loadStartNs + o.warmup * 1e9;
    const measureToNs = measureFromNs + o.duration * 1e9;
    for (const wk of pool.workers) wk.child.send({ cmd: 'start', loadStartNs, measureFromNs, measureToNs });
    log(`load: ${bRate} broadcasts/s, ${uRate} per-user events/s; warm-up ${o.warmup} s, measured ${o.duration} s`);
    const kill = killedPid ? killLater(killedPid, loadStartNs, o.killAfter, res) : null;
    const health = killedPid ? healthPoller(env('GATEWAY_HEALTH_URL'), loadStartNs) : null;
    let cpuA = null; let cpuB = null; let recvA = 0; let recvB = 0; let threadsA = {}; let threadsB = {};
    let lastSec = 0; let sentBSec = 0; let sentUSec = 0;
    await new Promise((resolve) => {
      const timer = setInterval(() => {
        const now = nowNs();
        if (now < loadStartNs) return;
        if (!cpuA && now >= measureFromNs) { cpuA = sampler.snap(); threadsA = metrics.threadCpu(pids.gateway); recvA = pool.received(); }
        const until = Math.min(now, measureToNs);
        const el = (until - loadStartNs) / 1e9;
        const dueB = Math.floor(el * bRate); const dueU = Math.floor(el * uRate);
        while (broadcasts < dueB) { pipe.push(broadcastMessage(run, broadcasts)); broadcasts++; sentBSec++; }
        while (userEvents < dueU) {
          const u = userEvents % o.sessions;
          let seq = perUser[u]++;
          // --inject: the checker's self-test (smoke must then fail): user 0's first two events swapped
          if (o.inject === 'reorder' && u === 0 && seq < 2) seq = 1 - seq;
          const corrupt = o.inject === 'corrupt' && u === 0 && seq === 0 && o.sessions > 1;
          pipe.push(userMessage(run, u, seq, corrupt ? 1 : u)); userEvents++; sentUSec++;
        }
        const sec = Math.floor((now - loadStartNs) / 1e9);
        while (sec > lastSec) {
          secRows.push(sampler.tick({ t: lastSec + 1, sentBroadcasts: sentBSec, sentUserEvents: sentUSec }));
          sentBSec = 0; sentUSec = 0; lastSec++;
        }
        if (now >= measureToNs) {
          cpuB = sampler.snap(); threadsB = metrics.threadCpu(pids.gateway); recvB = pool.received();
          clearInterval(timer); resolve();
        }
      }, 5);
    });
    if (!cpuA) { cpuA = cpuB; recvA = recvB; }
    await pipe.idle();
    if (o.inject === 'lost') perUser[0]++; // claims an event that was never sent
    const secs = (cpuB.ns - cpuA.ns) / 1e9;
    windowCpu = { seconds: round(secs, 2), gateway: cpuDelta(cpuA, cpuB, secs, 'gateway'),
      generator: cpuDelta(cpuA, cpuB, secs, 'generator'), kafka: cpuDelta(cpuA, cpuB, secs, 'kafka'),
      deliveriesInWindow: recvB - recvA };
    if (windowCpu.gateway) {
      // where the gateway's CPU went, by thread role (the profile in brief; a full one needs a profiler)
      const total = windowCpu.gateway.userSeconds + windowCpu.gateway.sysSeconds;
      const groups = metrics.threadDelta(threadsA, threadsB, total);
      windowCpu.gatewayThreads = Object.fromEntries(Object.entries(groups).sort((x, y) => y[1] - x[1])
        .map(([k, v]) => [k, { seconds: round(v, 3), usPerDelivery: windowCpu.deliveriesInWindow > 0
          ? round((v * 1e6) / windowCpu.deliveriesInWindow, 2) : null }]));
    }
    const expectedTotal = broadcasts * subscribed + userEvents; // every user event has its user's session
    log(`sent ${broadcasts} broadcasts + ${userEvents} per-user events (${pipe.errors} send errors); draining` +
        ` (expect ${expectedTotal} deliveries, have ${pool.received()})`);
    // drain: until everything arrived, nothing new for drainIdle s, or drainMax s
    const drainStart = nowNs();
    let last = -1; let lastChange = nowNs();
    while (true) {
      const got = pool.received();
      if (got >= expectedTotal) break;
      if (got !== last) { last = got; lastChange = nowNs(); }
      if (nowNs() - lastChange > o.drainIdle * 1e9 || nowNs() - drainStart > o.drainMax * 1e9) break;
      await sleep(250);
      const sec = Math.floor((nowNs() - loadStartNs) / 1e9);
      while (sec > lastSec) { secRows.push(sampler.tick({ t: lastSec + 1, sentBroadcasts: 0, sentUserEvents: 0 })); lastSec++; }
    }
    res.drainSeconds = round((nowNs() - drainStart) / 1e9, 2);
    if (kill) { await kill; res.survivorHealth = await health.stop(res.killedAtSeconds); }
    res.sent = { broadcasts, userEvents, sendErrors: pipe.errors, lastSendError: pipe.lastError,
      offeredDeliveriesPerSecond: round(bRate * subscribed + uRate, 1), broadcastRate: bRate, userRate: uRate };
    res.expectedDeliveries = expectedTotal;
    res.dlq = await dlqCount(admin);
  }
  res.windowCpu = windowCpu;

  const results = await pool.ask('finish', 'result', { expect: { broadcasts, perUser } });
  if (o.scenario !== 'idle' && o.scenario !== 'smoke') {
    res.endOfRun = { heap: metrics.heapAfterGcKb(gatewayPid), rssKb: metrics.rssKb(gatewayPid) };
    delete res.endOfRun.heap.raw;
  }
  await Promise.all(pool.workers.map((wk) => new Promise((resolve) => {
    wk.closing = true;
    wk.child.once('exit', resolve);
    wk.child.send({ cmd: 'close' });
  })));
  if (producer) { await producer.disconnect(); await admin.disconnect(); }

  // aggregate the workers
  const agg = { lostOpen: 0, lostClosed: 0, sessionsWithLoss: 0, expected: 0, openAtEnd: 0 };
  const counters = {}; const closeCodes = {};
  const latency = new Histogram();
  const seconds = [];
  for (const { result: r } of results) {
    for (const k of Object.keys(agg)) agg[k] += r[k];
    for (const [k, v] of Object.entries(r.counters)) counters[k] = (counters[k] || 0) + v;
    for (const [k, v] of Object.entries(r.closeCodes)) closeCodes[k] = (closeCodes[k] || 0) + v;
    latency.merge(Histogram.fromJSON(r.latency));
    r.perSec.forEach((x, i) => {
      seconds[i] = seconds[i] || { d: 0, h: new Histogram() };
      seconds[i].d += x.d;
      if (x.h) seconds[i].h.merge(Histogram.fromJSON(x.h));
    });
  }
  res.correctness = {
    lost: agg.lostOpen + agg.lostClosed, lostOnOpenSessions: agg.lostOpen, lostOnClosedSessions: agg.lostClosed,
    sessionsWithLoss: agg.sessionsWithLoss, duplicated: counters.duplicates || 0, misrouted: counters.misrouted || 0,
    outOfOrder: counters.outOfOrder || 0, corrupt: counters.corrupt || 0, foreign: counters.foreign || 0,
    unexpected: counters.unexpectedSeq || 0, received: counters.received || 0, expected: agg.expected,
    sessionsOpenAtEnd: agg.openAtEnd, serverCloseCodes: closeCodes, errorFrames: counters.errorFrames || 0,
    subscribeFailures: counters.subscribeFailures || 0, deadLettered: res.dlq ?? null,
  };
  delete res.dlq;
  res.latencyMs = latency.summary();
  if (o.scenario === 'failover') {
    const f = { sessionsOnKilledReplica: connected, connectionsLost: 0, reconnectAttempts: 0, reconnectErrors: {},
      recovered: 0, notRecovered: {}, replayed: 0, neverResumed: 0 };
    const resumeUs = new Histogram();
    for (const { result: r } of results) {
      f.connectionsLost += r.failover.lost; f.reconnectAttempts += r.failover.reconnectAttempts;
      f.recovered += r.failover.recovered; f.replayed += r.failover.replayed; f.neverResumed += r.neverResumed;
      for (const [k, v] of Object.entries(r.failover.reconnectErrors)) f.reconnectErrors[k] = (f.reconnectErrors[k] || 0) + v;
      for (const [k, v] of Object.entries(r.failover.notRecovered)) f.notRecovered[k] = (f.notRecovered[k] || 0) + v;
      resumeUs.merge(Histogram.fromJSON(r.failover.resumeUs));
    }
    f.resumeSecondsAfterConnectionLost = Object.fromEntries(Object.entries(resumeUs.summary())
      .map(([k, v]) => [k, k === 'count' ? v : round(v / 1000, 2)]));
    f.killedAtSeconds = res.killedAtSeconds;
    f.survivorHealth = res.survivorHealth;
    res.failover = f;
    delete res.killedAtSeconds; delete res.survivorHealth;
    // the killed replica's sessions end with 1006 (no close frame): that is the scenario, not a server close
    delete res.correctness.serverCloseCodes['1006'];
  }
  res.connect.permessageDeflateNegotiated = counters.deflateNegotiated || 0;
  // per-second series: deliveries received in that second + the latency of those frames
  res.series = secRows.map((row, i) => {
    const s = seconds[i] || { d: 0, h: new Histogram() };
    return { ...row, deliveries: s.d, p50Ms: s.h.summary().p50, p99Ms: s.h.summary().p99,
      phase: row.t <= o.warmup ? 'warmup' : row.t <= o.warmup + o.duration ? 'measured' : 'drain' };
  });
  if (o.scenario !== 'idle') {
    const mw = res.series.filter((r) => r.phase === 'measured');
    const deliveriesPerSecond = windowCpu.deliveriesInWindow / windowCpu.seconds;
    const g = windowCpu.gateway;
    res.throughput = {
      offeredDeliveriesPerSecond: res.sent.offeredDeliveriesPerSecond,
      deliveriesPerSecond: round(deliveriesPerSecond, 1),
      gatewayCpuUsPerDelivery: g ? round(((g.userSeconds + g.sysSeconds) * 1e6) / windowCpu.deliveriesInWindow, 2) : null,
      gatewayUserUsPerDelivery: g ? round((g.userSeconds * 1e6) / windowCpu.deliveriesInWindow, 2) : null,
      gatewaySysUsPerDelivery: g ? round((g.sysSeconds * 1e6) / windowCpu.deliveriesInWindow, 2) : null,
      verdict: verdict(mw, res.sent.offeredDeliveriesPerSecond, res.correctness),
    };
  }
  res.connect.gatewayCpu = res.connect.gatewayCpu || null;
  return res;
}

/** SIGKILLs the replica {@code afterSeconds} into the load; resolves once done. */
function killLater(pid, loadStartNs, afterSeconds, res) {
  const atNs = loadStartNs + afterSeconds * 1e9;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (nowNs() < atNs) return;
      clearInterval(timer);
      try { process.kill(pid, 'SIGKILL'); } catch (e) { log(`kill ${pid}: ${e.message}`); }
      res.killedAtSeconds = round((nowNs() - loadStartNs) / 1e9, 2);
      log(`replica B (pid ${pid}) killed with SIGKILL; its clients reconnect to replica A`);
      resolve();
    }, 20);
  });
}

/**
 * The survivor's liveness and readiness, probed every 250 ms (2 s timeout) by bench/lib/probe.js in a process of its
 * own: a probe answered DOWN is a failure, a timeout only from the third in a row (a kubelet's failureThreshold 3).
 */
function healthPoller(base, loadStartNs) {
  const loadStart = process.hrtime.bigint() - BigInt(Math.round(nowNs() - loadStartNs));
  const child = fork(path.join(__dirname, 'lib', 'probe.js'), [base, String(loadStart)]);
  process.once('exit', () => child.kill());
  return {
    stop: (killedAt) => new Promise((resolve) => {
      child.once('message', resolve);
      child.send({ stop: true, killedAt });
    }),
  };
}

function verdict(rows, offered, corr) {
  if (!rows.length) return 'no measured seconds';
  const third = Math.max(1, Math.floor(rows.length / 3));
  const avg = (a) => a.reduce((x, r) => x + r.deliveries, 0) / a.length;
  const first = avg(rows.slice(0, third)); const lastT = avg(rows.slice(-third)); const all = avg(rows);
  const p99First = Math.max(...rows.slice(0, third).map((r) => r.p99Ms || 0));
  const p99Last = Math.max(...rows.slice(-third).map((r) => r.p99Ms || 0));
  const closed = corr.lostOnClosedSessions > 0 || Object.keys(corr.serverCloseCodes).length > 0;
  let v;
  if (all >= 0.95 * offered && p99Last <= Math.max(2 * p99First, 1000)) v = 'sustained';
  else if (lastT < 0.8 * first) v = 'collapse (deliveries/s fall during the window)';
  else v = 'plateau (saturated: deliveries/s below offered, or latency growing)';
  return `${v}; mean ${Math.round(all)}/s of ${Math.round(offered)}/s offered, first third ${Math.round(first)}/s, ` +
    `last third ${Math.round(lastT)}/s, p99 ${p99First} ms -> ${p99Last} ms${closed ? '; sessions closed by the server' : ''}`;
}

// ---------------------------------------------------------------- rest scenario
/**
 * rest --background N: the mixed scenario's load (N sessions subscribed to public:marketplace, --background-rate
 * per-user events/s and --background-broadcast-rate broadcasts/s, as `mixed` defaults: 1000 and 5) in a child load
 * generator against the same gateway and Kafka, for the whole rest run; it writes its own results folder. Resolves
 * once its sessions are connected, with a promise of its end.
 */
function startBackground(o) {
  const seconds = o.warmup + o.duration + 60; // + borrower registration and the drain
  const args = [__filename, 'mixed', '--sessions', String(o.background),
    '--rate', String(o.backgroundRate ?? SCENARIOS.mixed.rate),
    '--broadcast-rate', String(o.backgroundBroadcastRate ?? SCENARIOS.mixed.broadcastRate),
    '--warmup', '0', '--duration', String(seconds), '--drain-idle', '2', '--label', `${o.label || 'rest'}-background`];
  const child = require('child_process').spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const ended = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const text = d.toString();
      process.stdout.write(text.replace(/^(?=.)/gm, '[background] '));
      output += text;
      const results = /results in (\S+)/.exec(output);
      if (results) child.resultsDir = results[1];
      if (/connected \d+\/\d+ in/.test(output) && !child.connected_) { child.connected_ = true; resolve({ child, ended, seconds }); }
    });
    ended.then((code) => { if (!child.connected_) reject(new Error(`background load exited (${code}) before its sessions connected`)); });
  });
}

async function restScenario(o) {
  const WebSocket = require('ws');
  const background = o.background ? await startBackground(o) : null;
  if (background) log(`background: ${o.background} sessions connected, mixed load running for ${background.seconds} s`);
  const kyc = env('KYC_URL'); const loan = env('LOAN_URL'); const ws = env('GATEWAY_WS_URL');
  const adminPassword = env('BENCH_ADMIN_PASSWORD');
  const json = async (method, url, body, token) => {
    const r = await fetch(url, { method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed = null; try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
    return { status: r.status, body: parsed };
  };
  const login = async (u, p) => {
    const r = await json('POST', `${kyc}/api/auth/login`, { username: u, password: p });
    if (r.status !== 200) throw new Error(`login ${u}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken;
  };
  const adminToken = await login('admin', adminPassword);
  log(`registering ${o.sessions} borrowers and approving their KYC`);
  const borrowers = [];
  for (let i = 0; i < o.sessions; i++) {
    const name = `rb${i}`; const pw = `bench-password-${i}`;
    const reg = await json('POST', `${kyc}/api/auth/register`, { username: name, password: pw });
    if (reg.status !== 201 && reg.status !== 409) throw new Error(`register ${name}: HTTP ${reg.status}`);
    const token = await login(name, pw);
    const sub = await json('POST', `${kyc}/api/kyc`, { fullName: `Bench Borrower ${i}`, dateOfBirth: '1990-04-01', country: 'DE',
      documents: [{ type: 'passport', reference: `bench-${i}` }] }, token);
    if (sub.status >= 300) throw new Error(`kyc ${name}: HTTP ${sub.status} ${JSON.stringify(sub.body)}`);
    const ap = await json('POST', `${kyc}/api/admin/kyc/${sub.body.id}/approve`, undefined, adminToken);
    if (ap.status >= 300) throw new Error(`kyc approve ${name}: HTTP ${ap.status}`);
    borrowers.push({ i, name, token, userId: null });
  }
  // sockets: one admin, one per borrower
  const pending = new Map(); // loanId -> {borrower, tPost, tPostDone, tApprove, tApproveDone, newAt, statusAt}
  const c = { duplicates: 0, misrouted: 0, frames: 0, otherEvents: 0 };
  const seen = new Set();
  const latNewReq = new Histogram(); const latNewCommit = new Histogram();
  const latStatusReq = new Histogram(); const latStatusCommit = new Histogram();
  const rows = [];
  let measureFromNs = Infinity; let measureToNs = Infinity; let loadStartNs = Infinity;
  const secOf = (t) => Math.floor((t - loadStartNs) / 1e9);
  const perSec = [];
  const open = (token, who) => new Promise((resolve, reject) => {
    const sock = new WebSocket(`${ws}`, { headers: { Authorization: `Bearer ${token}` } });
    sock.on('unexpected-response', (q, r) => reject(new Error(`socket ${who}: HTTP ${r.statusCode}`)));
    sock.on('error', reject);
    sock.on('message', (d) => {
      const t = nowNs(); const m = JSON.parse(d.toString());
      if (m.type === 'welcome') { who.userId = m.userId; resolve(sock); return; }
      if (m.type !== 'event') return;
      c.frames++;
      if (seen.has(`${who.name}/${m.id}`)) { c.duplicates++; return; }
      seen.add(`${who.name}/${m.id}`);
      const p = pending.get(m.data && m.data.loanId);
      const s = secOf(t); if (s >= 0) { perSec[s] = perSec[s] || { d: 0, h: new Histogram() }; perSec[s].d++; }
      if (m.event === 'loan:new' && who.name === 'admin' && p) {
        p.newAt = t;
        if (s >= 0) perSec[s].h.record((t - p.tPost) / 1000);
        if (p.tPost >= measureFromNs && p.tPost < measureToNs) { latNewReq.record((t - p.tPost) / 1000); if (p.tPostDone) latNewCommit.record(Math.max(0, (t - p.tPostDone) / 1000)); else p.newBeforeResponse = true; }
      } else if (m.event === 'loan:status' && p) {
        if (who !== p.borrower) { c.misrouted++; return; }
        p.statusAt = t;
        if (s >= 0) perSec[s].h.record((t - p.tApprove) / 1000);
        if (p.tPost >= measureFromNs && p.tPost < measureToNs && p.tApprove) { latStatusReq.record((t - p.tApprove) / 1000); if (p.tApproveDone) latStatusCommit.record(Math.max(0, (t - p.tApproveDone) / 1000)); }
      } else c.otherEvents++;
    });
  });
  const adminWho = { name: 'admin' };
  const adminSock = await open(adminToken, adminWho);
  const socks = [adminSock];
  for (const b of borrowers) socks.push(await open(b.token, b));
  log(`sockets open: admin + ${borrowers.length} borrowers; load ${o.rate} loans/s, warm-up ${o.warmup} s, measured ${o.duration} s`);
  const gatewayPid = Number(env('GATEWAY_PID'));
  const pids = { gateway: gatewayPid, loanService: Number(env('LOAN_PID')), kycService: Number(env('KYC_PID')), generator: process.pid };
  if (process.env.KAFKA_PID) pids.kafka = Number(process.env.KAFKA_PID);
  const sampler = new Sampler(pids);
  loadStartNs = nowNs() + 100e6; measureFromNs = loadStartNs + o.warmup * 1e9; measureToNs = measureFromNs + o.duration * 1e9;
  let n = 0; let inflight = 0; const httpErrors = {}; let lastSec = 0; let cpuA = null; let cpuB = null;
  const one = async (k) => {
    const b = borrowers[k % borrowers.length];
    const p = { borrower: b, tPost: nowNs() };
    inflight++;
    try {
      const r = await json('POST', `${loan}/api/loans`, { amount: 1500, asset: 'USDC', purpose: 'Bench loan', collateral: { asset: 'ETH', amount: 0.8 } }, b.token);
      if (r.status !== 201 && r.status !== 200) { httpErrors[`POST loans ${r.status}`] = (httpErrors[`POST loans ${r.status}`] || 0) + 1; return; }
      pending.set(r.body.id, p);
      p.tPostDone = nowNs();
      for (let attempt = 0; attempt < 100; attempt++) {
        p.tApprove = nowNs();
        const a = await json('POST', `${loan}/api/admin/loans/${r.body.id}/approve`, undefined, adminToken);
        if (a.status < 300) { p.tApproveDone = nowNs(); return; }
        if (a.status !== 409) { httpErrors[`approve ${a.status}`] = (httpErrors[`approve ${a.status}`] || 0) + 1; return; }
        p.approveRetries = (p.approveRetries || 0) + 1;
        await sleep(100); // the borrower's KYC approval not projected into loan-service yet
      }
      p.tApprove = null;
    } catch (e) { httpErrors[String(e.message)] = (httpErrors[String(e.message)] || 0) + 1; } finally { inflight--; }
  };
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = nowNs();
      if (now < loadStartNs) return;
      if (!cpuA && now >= measureFromNs) cpuA = sampler.snap();
      const due = Math.floor(((Math.min(now, measureToNs) - loadStartNs) / 1e9) * o.rate);
      while (n < due && inflight < 256) one(n++);
      const sec = Math.floor((now - loadStartNs) / 1e9);
      while (sec > lastSec) { rows.push(sampler.tick({ t: lastSec + 1 })); lastSec++; }
      if (now >= measureToNs) { cpuB = sampler.snap(); clearInterval(timer); resolve(); }
    }, 5);
  });
  const drainStart = nowNs();
  while (nowNs() - drainStart < 30e9) {
    const all = [...pending.values()];
    if (inflight === 0 && all.every((p) => p.newAt && (!p.tApproveDone || p.statusAt))) break;
    await sleep(200);
  }
  for (const s of socks) s.terminate();
  let backgroundResult = null;
  if (background) {
    log('waiting for the background load to finish');
    const code = await background.ended;
    backgroundResult = { sessions: o.background, rate: o.backgroundRate ?? SCENARIOS.mixed.rate,
      broadcastRate: o.backgroundBroadcastRate ?? SCENARIOS.mixed.broadcastRate, exitCode: code,
      results: background.child.resultsDir || null };
  }
  const all = [...pending.values()];
  const measured = all.filter((p) => p.tPost >= measureFromNs && p.tPost < measureToNs);
  if (!cpuA) cpuA = cpuB;
  const secs = (cpuB.ns - cpuA.ns) / 1e9;
  const windowCpu = { seconds: round(secs, 2) };
  for (const k of Object.keys(pids)) windowCpu[k] = cpuDelta(cpuA, cpuB, secs, k);
  return {
    loans: { started: n, created: all.length, approved: all.filter((p) => p.tApproveDone).length, httpErrors,
      approveRetries: all.reduce((a, p) => a + (p.approveRetries || 0), 0), measured: measured.length },
    correctness: {
      loanNewMissing: all.filter((p) => !p.newAt).length,
      loanStatusMissing: all.filter((p) => p.tApproveDone && !p.statusAt).length,
      duplicated: c.duplicates, misrouted: c.misrouted,
      loanNewBeforeRestResponse: measured.filter((p) => p.newBeforeResponse).length,
    },
    latencyMs: {
      loanNewFromRequest: latNewReq.summary(), loanNewFromResponse: latNewCommit.summary(),
      loanStatusFromRequest: latStatusReq.summary(), loanStatusFromResponse: latStatusCommit.summary(),
    },
    windowCpu,
    background: backgroundResult,
    series: rows.map((row, i) => {
      const s = perSec[i] || { d: 0, h: new Histogram() };
      return { ...row, deliveries: s.d, p50Ms: s.h.summary().p50, p99Ms: s.h.summary().p99,
        phase: row.t <= o.warmup ? 'warmup' : 'measured' };
    }),
  };
}

// ---------------------------------------------------------------- main
async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = new Date();
  const info = metrics.machine();
  log(`scenario ${o.scenario}: ${JSON.stringify(o)}`);
  const res = o.scenario === 'rest' ? await restScenario(o) : await socketScenario(o, info);
  const out = {
    scenario: o.scenario, label: o.label || null, startedAt: started.toISOString(), finishedAt: new Date().toISOString(),
    options: o, machine: info,
    gateway: { jar: process.env.GATEWAY_JAR, jvmOptions: process.env.GATEWAY_JVM_OPTS || '', url: env('GATEWAY_WS_URL'),
      gitCommit: process.env.BENCH_GIT_COMMIT || null, notificationsPartitions: Number(process.env.BENCH_PARTITIONS || 0) || null },
    ...res,
  };
  const stamp = started.toISOString().slice(0, 10);
  const base = `${stamp}-${o.scenario}${o.protocol === 'socketio' ? '-socketio' : ''}${o.label ? `-${o.label.replace(/[^A-Za-z0-9._-]+/g, '-')}` : ''}`;
  const root = env('BENCH_RESULTS_DIR');
  let dir = path.join(root, base);
  for (let k = 2; fs.existsSync(dir); k++) dir = path.join(root, `${base}-${k}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(out, null, 1)}\n`);
  fs.writeFileSync(path.join(dir, 'plot.svg'), report.svg(out));
  fs.writeFileSync(path.join(dir, 'report.md'), report.markdown(out));
  log(`results in ${path.relative(process.cwd(), dir) || dir}`);
  console.log(report.summaryLines(out).join('\n'));
  const failures = report.failures(out);
  if (o.check && failures.length) {
    console.error(`${o.scenario.toUpperCase()} CHECK FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  if (o.check) console.log(`${o.scenario.toUpperCase()} CHECK PASSED: nothing lost, duplicated, misrouted or out of order`);
  process.exit(0);
}

main().catch((e) => { console.error(`bench failed: ${e.stack || e}`); process.exit(2); });
