'use strict';
// The failover scenario's health prober, in a process of its own: during a reconnect storm the driver's event loop
// is busy, and a probe timed there would measure the driver as much as the gateway (as a kubelet is not the load).
// argv: <health base URL> <load start, process.hrtime.bigint() ns>. On {stop, killedAt} it sends its tally and exits.
const [base, loadStartArg] = process.argv.slice(2);
const loadStart = BigInt(loadStartArg);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (t) => Math.round(Number(t - loadStart) / 1e7) / 100;

const h = { samples: 0, liveFailures: 0, readyFailures: 0, timeouts: 0, failures: [] };
const streak = { live: 0, ready: 0 };
let running = true;

async function probe(what) {
  const t = process.hrtime.bigint();
  let status;
  try {
    const r = await fetch(`${base}/${what}`, { signal: AbortSignal.timeout(2000) });
    status = r.status;
  } catch (e) { status = e.name === 'TimeoutError' ? 'timeout' : String(e.code || e.message); }
  if (status === 200) { streak[what] = 0; return; }
  // one timeout is tolerated, as a kubelet's failureThreshold 3 does: three in a row count as a failure
  if (status === 'timeout') { h.timeouts++; streak[what]++; if (streak[what] < 3) return; }
  h[`${what}Failures`]++;
  if (h.failures.length < 50) h.failures.push({ probe: what, status, atSeconds: seconds(t) });
}

process.on('message', (m) => {
  if (!m || !m.stop) return;
  running = false;
  process.send({ ...h, killedAtSeconds: m.killedAt }, () => process.exit(0));
});

(async () => {
  while (running) {
    h.samples++;
    await Promise.all([probe('live'), probe('ready')]);
    await sleep(250);
  }
})();
