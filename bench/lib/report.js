'use strict';
const path = require('path');
// Markdown report, SVG plot (no external services) and the pass/fail rules of the smoke scenario.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (x, d = 1) => (x == null || !Number.isFinite(Number(x)) ? '–' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d }));

function niceMax(v) {
  if (!(v > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * e >= v) return m * e;
  return 10 * e;
}

/** Two panels: deliveries/s (+ offered) and p99 latency; gateway and generator CPU. */
function svg(r) {
  const rows = r.series || [];
  const W = 960; const H = 520; const L = 70; const R = 70; const T = 40;
  const PH = 260; const P2T = T + PH + 60; const P2H = 120;
  const n = Math.max(1, rows.length);
  const x = (t) => L + (t / n) * (W - L - R); // t in seconds since load start; a second's point at its middle
  const offered = r.throughput ? r.throughput.offeredDeliveriesPerSecond : null;
  const dMax = niceMax(Math.max(1, offered || 0, ...rows.map((s) => s.deliveries || 0)));
  const pMax = niceMax(Math.max(1, ...rows.map((s) => s.p99Ms || 0)));
  const cMax = niceMax(Math.max(100, ...rows.map((s) => Math.max(s.gatewayCpuPct || 0, s.generatorCpuPct || 0))));
  const yD = (v) => T + PH - (v / dMax) * PH;
  const yP = (v) => T + PH - (v / pMax) * PH;
  const yC = (v) => P2T + P2H - (v / cMax) * P2H;
  const line = (pts, color, extra = '') => (pts.length ? `<polyline fill="none" stroke="${color}" stroke-width="1.8" ${extra} points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>` : '');
  const o = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  o.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  o.push(`<text x="${L}" y="20" font-size="14" font-weight="bold">${esc(`${r.scenario}${r.label ? ` (${r.label})` : ''}: ${r.options.sessions} sessions, ${r.startedAt}`)}</text>`);
  const warm = rows.filter((s) => s.phase === 'warmup').length;
  const meas = rows.filter((s) => s.phase === 'measured').length;
  for (const [top, h] of [[T, PH], [P2T, P2H]]) {
    if (warm) o.push(`<rect x="${x(0)}" y="${top}" width="${x(warm) - x(0)}" height="${h}" fill="#f2f2f2"/>`);
    if (meas < rows.length - warm) o.push(`<rect x="${x(warm + meas)}" y="${top}" width="${x(rows.length) - x(warm + meas)}" height="${h}" fill="#fbf4e6"/>`);
    o.push(`<rect x="${L}" y="${top}" width="${W - L - R}" height="${h}" fill="none" stroke="#999"/>`);
  }
  for (let i = 0; i <= 4; i++) {
    const yy = T + PH - (i / 4) * PH;
    o.push(`<line x1="${L}" x2="${W - R}" y1="${yy}" y2="${yy}" stroke="#e4e4e4"/>`);
    o.push(`<text x="${L - 6}" y="${yy + 4}" text-anchor="end" fill="#1f5fbf">${fmt((dMax * i) / 4, 0)}</text>`);
    o.push(`<text x="${W - R + 6}" y="${yy + 4}" fill="#c0392b">${fmt((pMax * i) / 4, 0)}</text>`);
    const yc = P2T + P2H - (i / 4) * P2H;
    o.push(`<text x="${L - 6}" y="${yc + 4}" text-anchor="end">${fmt((cMax * i) / 4, 0)}</text>`);
  }
  const step = Math.max(1, niceMax(n / 12) / 1);
  for (let t = 0; t <= n; t += Math.round(step) || 1) {
    o.push(`<text x="${x(t)}" y="${T + PH + 14}" text-anchor="middle">${t}</text>`);
    o.push(`<text x="${x(t)}" y="${P2T + P2H + 14}" text-anchor="middle">${t}</text>`);
  }
  o.push(`<text x="${(L + W - R) / 2}" y="${T + PH + 30}" text-anchor="middle">seconds since load start (grey: warm-up, beige: drain)</text>`);
  o.push(`<text transform="translate(16 ${T + PH / 2}) rotate(-90)" text-anchor="middle" fill="#1f5fbf">deliveries/s</text>`);
  o.push(`<text transform="translate(${W - 14} ${T + PH / 2}) rotate(90)" text-anchor="middle" fill="#c0392b">p99 latency (ms)</text>`);
  o.push(`<text transform="translate(16 ${P2T + P2H / 2}) rotate(-90)" text-anchor="middle">CPU % of a core</text>`);
  if (offered) o.push(line([[x(0), yD(offered)], [x(warm + meas), yD(offered)]], '#1f5fbf', 'stroke-dasharray="5,4" opacity="0.6"'));
  o.push(line(rows.map((s) => [x(s.t - 0.5), yD(s.deliveries || 0)]), '#1f5fbf'));
  o.push(line(rows.filter((s) => s.p99Ms != null).map((s) => [x(s.t - 0.5), yP(s.p99Ms)]), '#c0392b'));
  o.push(line(rows.filter((s) => s.gatewayCpuPct != null).map((s) => [x(s.t - 0.5), yC(s.gatewayCpuPct)]), '#2e8b57'));
  o.push(line(rows.filter((s) => s.generatorCpuPct != null).map((s) => [x(s.t - 0.5), yC(s.generatorCpuPct)]), '#8e44ad'));
  const legend = [['#1f5fbf', 'deliveries/s (dashed: offered)'], ['#c0392b', 'p99 latency of frames received that second'],
    ['#2e8b57', 'gateway CPU'], ['#8e44ad', 'load generator CPU']];
  legend.forEach(([col, text], i) => {
    const lx = L + i * 215;
    o.push(`<line x1="${lx}" x2="${lx + 18}" y1="${H - 14}" y2="${H - 14}" stroke="${col}" stroke-width="2"/>`);
    o.push(`<text x="${lx + 22}" y="${H - 10}">${esc(text)}</text>`);
  });
  o.push('</svg>');
  return `${o.join('\n')}\n`;
}

function failures(r) {
  const f = [];
  const c = r.correctness || {};
  if (r.scenario === 'rest') {
    for (const k of ['loanNewMissing', 'loanStatusMissing', 'duplicated', 'misrouted']) if (c[k]) f.push(`${k} ${c[k]}`);
    if (r.background && r.background.exitCode) f.push(`the background load failed (exit code ${r.background.exitCode})`);
    return f;
  }
  if (r.connect && r.connect.failed) f.push(`${r.connect.failed} sessions failed to connect`);
  for (const k of ['lost', 'duplicated', 'misrouted', 'outOfOrder', 'corrupt', 'foreign', 'unexpected', 'subscribeFailures']) {
    if (c[k]) f.push(`${k} ${c[k]}`);
  }
  if (c.serverCloseCodes && Object.keys(c.serverCloseCodes).length) f.push(`sessions closed by the server ${JSON.stringify(c.serverCloseCodes)}`);
  if (c.deadLettered) f.push(`${c.deadLettered} records dead-lettered`);
  if (r.sent && r.sent.sendErrors) f.push(`${r.sent.sendErrors} produce errors`);
  if (r.scenario === 'smoke' && r.correctness && r.correctness.received === 0) f.push('nothing received');
  if (r.failover) {
    const fo = r.failover;
    if (!fo.connectionsLost) f.push('no session lost its connection: the kill did not happen');
    const notRecovered = Object.values(fo.notRecovered).reduce((a, b) => a + b, 0);
    if (notRecovered) f.push(`${notRecovered} sessions not recovered ${JSON.stringify(fo.notRecovered)}`);
    if (fo.neverResumed) f.push(`${fo.neverResumed} sessions never resumed`);
    if (fo.survivorHealth && fo.survivorHealth.liveFailures) f.push(`survivor liveness failed ${fo.survivorHealth.liveFailures} time(s)`);
    if (fo.survivorHealth && fo.survivorHealth.readyFailures) f.push(`survivor readiness failed ${fo.survivorHealth.readyFailures} time(s)`);
  }
  return f;
}

function summaryLines(r) {
  const l = [];
  if (r.connect) l.push(`connect: ${r.connect.connected}/${r.connect.sessions} in ${r.connect.seconds} s = ${r.connect.ratePerSecond}/s`);
  if (r.perConnection) l.push(`per idle connection: ${r.perConnection.rssKb} KB RSS, ${r.perConnection.heapKb} KB heap after GC`);
  if (r.throughput) {
    const t = r.throughput; const lm = r.latencyMs;
    l.push(`deliveries/s ${t.deliveriesPerSecond} of ${t.offeredDeliveriesPerSecond} offered; latency p50 ${lm.p50} / p99 ${lm.p99} / p99.9 ${lm.p999} ms`);
    l.push(`gateway CPU ${r.windowCpu.gateway && r.windowCpu.gateway.pctOfCore}% of a core, ${t.gatewayCpuUsPerDelivery} µs per delivery; generator ${r.windowCpu.generator && r.windowCpu.generator.pctOfCore}%`);
    l.push(`verdict: ${t.verdict}`);
  }
  if (r.scenario === 'rest') {
    const m = r.latencyMs;
    l.push(`loan:new  (from POST sent)    p50 ${m.loanNewFromRequest.p50} / p99 ${m.loanNewFromRequest.p99} ms (n=${m.loanNewFromRequest.count})`);
    l.push(`loan:status (from approve sent) p50 ${m.loanStatusFromRequest.p50} / p99 ${m.loanStatusFromRequest.p99} ms (n=${m.loanStatusFromRequest.count})`);
  }
  if (r.failover) {
    const fo = r.failover; const rs = fo.resumeSecondsAfterConnectionLost;
    l.push(`failover: ${fo.connectionsLost} connections lost at ${fo.killedAtSeconds} s, ${fo.recovered} recovered, not recovered ${JSON.stringify(fo.notRecovered)}, never resumed ${fo.neverResumed}; ${fo.reconnectAttempts} reconnect attempts`);
    l.push(`  resumed after p50 ${rs.p50} / p99 ${rs.p99} / max ${rs.max} s; survivor live failures ${fo.survivorHealth.liveFailures}, ready failures ${fo.survivorHealth.readyFailures} (${fo.survivorHealth.samples} probes)`);
  }
  l.push(`correctness: ${JSON.stringify(r.correctness)}`);
  return l;
}

function latencyTable(rows) {
  const o = ['| | count | p50 | p90 | p99 | p99.9 | max | mean |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const [name, h] of rows) o.push(`| ${name} | ${fmt(h.count, 0)} | ${fmt(h.p50, 2)} | ${fmt(h.p90, 2)} | ${fmt(h.p99, 2)} | ${fmt(h.p999, 2)} | ${fmt(h.max, 2)} | ${fmt(h.mean, 2)} |`);
  return o.join('\n');
}

function markdown(r) {
  const o = r.options; const m = r.machine; const w = r.windowCpu || {};
  const out = [];
  out.push(`# Gateway benchmark: \`${r.scenario}\`${o.protocol === 'socketio' ? ' over Socket.IO' : ''}${r.label ? ` (${r.label})` : ''}`, '');
  out.push(`Run ${r.startedAt} → ${r.finishedAt}. Command: \`bin/orbitlend bench ${r.scenario} --sessions ${o.sessions}` +
    `${o.rate != null ? ` --rate ${o.rate}` : ''} --duration ${o.duration} ${r.scenario === 'idle' ? ` --warmup-rounds ${o.warmupRounds || 0}` : ` --warmup ${o.warmup}`}${o.compression ? ' --compression' : ''}${o.background ? ` --background ${o.background}` : ''}` +
    `${o.protocol && o.protocol !== 'native' ? ` --protocol ${o.protocol}` : ''}${o.label ? ` --label ${o.label}` : ''}\``, '');
  const fails = failures(r);
  out.push(`**Correctness:** ${fails.length ? `problems: ${fails.join('; ')}` : 'nothing lost, duplicated, misrouted or out of order'}.`, '');
  out.push('## Setup', '');
  out.push('| | |', '|---|---|');
  out.push(`| machine | ${m.nproc} × ${m.cpuModel}, ${m.memTotalGiB} GiB, ${m.kernel}; load average at start ${m.loadAverageAtStart.join(' / ')} |`);
  out.push(`| JDK | ${m.jdk} |`, `| load generator | Node ${m.node}, ${o.workers || 1} worker process(es), ws client, ${o.protocol === 'socketio' ? 'Socket.IO protocol (/socket.io/, Engine.IO 4 over WebSocket), token in the CONNECT packet' : `native protocol (/ws), auth by \`${o.auth}\``}, permessage-deflate ${o.compression ? 'offered' : 'not offered'} |`);
  out.push(`| gateway | \`${r.gateway.jar}\` ${r.gateway.gitCommit ? `(commit ${r.gateway.gitCommit})` : ''}, JVM options \`${r.gateway.jvmOptions || '(none)'}\`, ${r.gateway.url} |`);
  out.push(`| Kafka | local-kafka single broker, fresh data dir; \`orbitlend.notifications\` with ${r.gateway.notificationsPartitions || '?'} partitions |`);
  if (r.scenario === 'idle') {
    const rounds = r.warmupRounds || [];
    out.push(`| warm-up | ${rounds.length ? `${rounds.length} round(s) of connecting all ${o.sessions} sessions and closing them before the measured connect (${rounds.map((w) => `${w.connected} in ${w.seconds} s`).join(', ')}); memory is measured from after the warm-up` : 'none: the measured connect runs on a cold JVM'} |`);
  } else {
    out.push(`| warm-up | ${o.warmup} s at the full rate before the measured ${o.duration} s (only events sent in the measured window count for latency and throughput) |`);
  }
  if (r.sent) out.push(`| load | ${r.sent.broadcastRate} broadcasts/s to public:marketplace, ${r.sent.userRate} per-user \`loan:status\` events/s spread round-robin over the users; offered ${fmt(r.sent.offeredDeliveriesPerSecond, 0)} deliveries/s |`);
  out.push('');
  if (r.connect) {
    out.push('## Connect', '');
    out.push(`${r.connect.connected} of ${r.connect.sessions} sessions authenticated (\`welcome\` received) in ${r.connect.seconds} s: **${fmt(r.connect.ratePerSecond)} sessions/s** ` +
      `at concurrency ${o.concurrency}${r.connect.failed ? `; failures: ${JSON.stringify(r.connect.errors)}` : ''}.` +
      ` permessage-deflate ${o.compression ? `offered, negotiated by ${r.connect.permessageDeflateNegotiated} sessions` : 'not offered'}.` +
      `${r.connect.subscribeSeconds != null ? ` Subscriptions to public:marketplace confirmed ${r.connect.subscribeSeconds} s later (${r.connect.subscribed} sessions).` : ''}` +
      `${r.connect.gatewayCpu ? ` Gateway CPU while connecting: ${r.connect.gatewayCpu.pctOfCore}% of a core.` : ''}`, '');
  }
  if (r.perConnection) {
    out.push('## Memory per idle connection', '');
    out.push('| | before connecting | with the sessions | per connection |', '|---|---:|---:|---:|');
    out.push(`| RSS | ${fmt(r.before.rssKb / 1024)} MiB | ${fmt(r.after.rssKb / 1024)} MiB | **${fmt(r.perConnection.rssKb, 2)} KB** |`);
    if (r.cold && r.perConnection.rssKbFromCold != null && (r.warmupRounds || []).length) {
      out.push(`| RSS counted from the freshly started JVM (before the warm-up) | ${fmt(r.cold.rssKb / 1024)} MiB | ${fmt(r.after.rssKb / 1024)} MiB | ${fmt(r.perConnection.rssKbFromCold, 2)} KB |`);
    }
    out.push(`| heap after GC (jcmd GC.run + GC.heap_info) | ${fmt(r.before.heap.usedKb / 1024)} MiB | ${fmt(r.after.heap.usedKb / 1024)} MiB | **${fmt(r.perConnection.heapKb, 2)} KB** |`);
    out.push('', `Idle for ${o.duration} s: gateway ${w.gateway ? w.gateway.pctOfCore : '–'}% of a core, generator ${w.generator ? w.generator.pctOfCore : '–'}%.`, '');
  }
  if (r.throughput) {
    const t = r.throughput;
    out.push('## Throughput and CPU (measured window)', '');
    out.push('| | |', '|---|---|');
    out.push(`| deliveries/s (frames received by clients) | **${fmt(t.deliveriesPerSecond, 0)}** of ${fmt(t.offeredDeliveriesPerSecond, 0)} offered |`);
    out.push(`| verdict (heuristic; see the series) | ${t.verdict} |`);
    const g = w.gateway || {};
    out.push(`| gateway CPU | ${fmt(g.pctOfCore)}% of a core (user ${fmt(g.userSeconds, 2)} s + sys ${fmt(g.sysSeconds, 2)} s over ${w.seconds} s) |`);
    out.push(`| gateway CPU per delivery | **${fmt(t.gatewayCpuUsPerDelivery, 2)} µs** (user ${fmt(t.gatewayUserUsPerDelivery, 2)} + sys ${fmt(t.gatewaySysUsPerDelivery, 2)}) |`);
    out.push(`| load generator CPU | ${fmt(w.generator && w.generator.pctOfCore)}% of a core (all its processes) |`);
    if (w.kafka) out.push(`| Kafka broker CPU | ${fmt(w.kafka.pctOfCore)}% of a core |`);
    if (r.endOfRun) out.push(`| gateway at the end (sessions still open) | RSS ${fmt(r.endOfRun.rssKb / 1024)} MiB, heap after GC ${fmt(r.endOfRun.heap.usedKb / 1024)} MiB |`);
    out.push(`| drain after the last send | ${r.drainSeconds} s |`, '');
    if (w.gatewayThreads) {
      out.push('### Gateway CPU by thread group (measured window)', '');
      out.push('From /proc/<pid>/task/*/stat at both ends of the window, grouped by thread name.', '');
      out.push('| threads | CPU s | µs per delivery |', '|---|---|---|');
      for (const [group, v] of Object.entries(w.gatewayThreads)) {
        out.push(`| ${group} | ${fmt(v.seconds, 2)} | ${fmt(v.usPerDelivery, 2)} |`);
      }
      out.push('');
    }
    out.push('## Latency (send → receipt, ms)', '');
    out.push('Send time = `process.hrtime` (CLOCK_MONOTONIC) in the producer just before the produce request, carried in `data.loanId`; receipt = the same clock in the client worker when the frame is read.', '');
    out.push(latencyTable([['events sent in the measured window', r.latencyMs]]), '');
  }
  if (r.scenario === 'rest') {
    out.push('## REST commit → frame latency (ms)', '');
    out.push(`Loans: ${JSON.stringify(r.loans)}`, '');
    if (r.background) {
      const b = r.background;
      out.push(`Under background load: ${b.sessions} more sessions subscribed to public:marketplace, ${b.rate} per-user events/s + ` +
        `${b.broadcastRate} broadcasts/s produced to \`orbitlend.notifications\` by a second load generator (the \`mixed\` scenario) ` +
        `for the whole run; its own report: \`${b.results ? path.basename(b.results) : '?'}\` (exit code ${b.exitCode}).`, '');
    } else {
      out.push('Idle stack: no other load on the gateway.', '');
    }
    out.push(latencyTable([['loan:new at the admin socket, from POST /api/loans sent', r.latencyMs.loanNewFromRequest],
      ['loan:new, from the 201 response (commit)', r.latencyMs.loanNewFromResponse],
      ['loan:status at the borrower socket, from approve sent', r.latencyMs.loanStatusFromRequest],
      ['loan:status, from the approve response (commit)', r.latencyMs.loanStatusFromResponse]]), '');
    out.push('CPU in the measured window: ' + Object.entries(w).filter(([k]) => k !== 'seconds').map(([k, v]) => `${k} ${v ? v.pctOfCore : '–'}%`).join(', '), '');
  }
  if (r.failover) {
    const fo = r.failover; const rs = fo.resumeSecondsAfterConnectionLost; const h = fo.survivorHealth || {};
    out.push('## Failover', '');
    out.push(`Replica B, holding all ${fo.sessionsOnKilledReplica} sessions, was killed with SIGKILL ${fo.killedAtSeconds} s into the load; ` +
      'every client reconnected to replica A with its last cursor, after a full-jitter exponential backoff (250 ms doubling, capped at 5 s).', '');
    out.push('| | |', '|---|---|');
    out.push(`| connections lost | ${fo.connectionsLost} |`);
    out.push(`| resumed with \`recovered:true\` | **${fo.recovered}** (${fmt(fo.replayed, 0)} missed events replayed) |`);
    out.push(`| \`recovered:false\` by reason | ${JSON.stringify(fo.notRecovered)} |`);
    out.push(`| never resumed by the end | ${fo.neverResumed} |`);
    out.push(`| reconnect attempts (failed ones by cause) | ${fo.reconnectAttempts} ${JSON.stringify(fo.reconnectErrors)} |`);
    out.push(`| connection lost → \`resumed\` (s) | p50 ${rs.p50}, p90 ${rs.p90}, p99 ${rs.p99}, max ${rs.max} (n=${rs.count}) |`);
    out.push(`| survivor's /q/health/live and /ready, every 250 ms (2 s timeout) | ${h.samples} probes; live failed ${h.liveFailures}, ready failed ${h.readyFailures} (DOWN, or a third timeout in a row); ${h.timeouts} single timeouts |`);
    if ((h.failures || []).length) out.push(`| failed probes | ${JSON.stringify(h.failures)} |`);
    out.push('');
  }
  out.push('## Correctness', '', '```json', JSON.stringify(r.correctness, null, 1), '```', '');
  if ((r.series || []).length) {
    out.push('## Per second', '', '![deliveries/s and p99 latency](plot.svg)', '');
    const cols = Object.keys(r.series[0]);
    out.push(`| ${cols.join(' | ')} |`, `|${cols.map(() => '---:').join('|')}|`);
    for (const s of r.series) out.push(`| ${cols.map((k) => (s[k] == null ? '' : typeof s[k] === 'number' ? fmt(s[k], 1) : s[k])).join(' | ')} |`);
    out.push('');
  }
  out.push('Raw numbers: [results.json](results.json).', '');
  return out.join('\n');
}

module.exports = { svg, markdown, failures, summaryLines };
