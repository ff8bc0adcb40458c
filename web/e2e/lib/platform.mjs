// Starts the whole platform for the browser tests: `bin/orbitlend up` on free ports, with a local directory and
// databases of its own (ORBITLEND_FRESH=1 drops them first), behind the nginx edge. Nothing is built here but the
// web app when web/dist is missing: the service jars come from `./mvnw verify` (bin/orbitlend test runs it first).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = join(ROOT, 'bin/orbitlend');

async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let shared = null;
let users = 0;

export class Platform {
  /**
   * The platform of this process, started by the first test file that asks and stopped when the last one releases
   * it: `npm test` runs every test file in one process (tests/all.test.mjs), so the stack starts once.
   */
  static acquire(options) {
    users++;
    shared ??= Platform.start(options);
    return shared;
  }

  /** Gives back a platform from {@link acquire}; the last user stops it. */
  async release() {
    users--;
    if (users === 0) {
      shared = null;
      await this.stop();
    }
  }

  constructor(env, log) {
    this.env = env;
    this.log = log;
    this.url = `http://localhost:${env.ORBITLEND_EDGE_PORT}`;
  }

  /** Starts the stack and resolves once every service is ready and the edge serves the app. */
  static async start({ startTimeoutMs = 1000 * Number(process.env.ORBITLEND_E2E_START_TIMEOUT ?? 420) } = {}) {
    const local = join(ROOT, '.local', 'e2e');
    mkdirSync(join(local, 'logs'), { recursive: true });
    const env = {
      ...process.env,
      ORBITLEND_LOCAL_DIR: local,
      ORBITLEND_DB_PREFIX: 'orbitlend_e2e',
      ORBITLEND_FRESH: '1',
      ORBITLEND_SKIP_BUILD: '1',
      ORBITLEND_KAFKA_PORT: String(await freePort()),
      // the controller's port is chosen too: the default (the broker's + 1) may be some connection's local port
      ORBITLEND_KAFKA_CONTROLLER_PORT: String(await freePort()),
      ORBITLEND_GATEWAY_PORT: String(await freePort()),
      ORBITLEND_LOAN_PORT: String(await freePort()),
      ORBITLEND_KYC_PORT: String(await freePort()),
      ORBITLEND_MARKETPLACE_PORT: String(await freePort()),
      ORBITLEND_EDGE_PORT: String(await freePort()),
    };
    const log = join(local, 'logs', 'up.log');
    const platform = new Platform(env, log);
    const out = openSync(log, 'w');
    // its own process group: stop() signals the script, whose trap stops every service, Kafka and the edge
    platform.process = spawn(SCRIPT, ['up'], { env, detached: true, stdio: ['ignore', out, out] });
    platform.exited = new Promise((r) => platform.process.on('exit', (code, signal) => r({ code, signal })));
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      const exit = await Promise.race([platform.exited, sleep(500).then(() => null)]);
      if (exit) throw new Error(`bin/orbitlend up exited (${JSON.stringify(exit)}):\n${platform.tail()}`);
      if (readFileSync(log, 'utf8').includes('OrbitLend is up')) return platform;
      if (Date.now() > deadline) {
        await platform.stop();
        throw new Error(`platform not up within ${startTimeoutMs / 1000} s:\n${platform.tail()}`);
      }
    }
  }

  tail(lines = 40) {
    try {
      return readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** `bin/orbitlend gateway kill|start` against this stack; `start` resolves once the gateway is ready. */
  gateway(action) {
    return new Promise((ok, fail) => {
      const run = spawn(SCRIPT, ['gateway', action], { env: this.env });
      let output = '';
      run.stdout.on('data', (d) => { output += d; });
      run.stderr.on('data', (d) => { output += d; });
      const timer = setTimeout(() => run.kill('SIGKILL'), 180_000);
      run.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) ok(output);
        else fail(new Error(`bin/orbitlend gateway ${action} failed (${code}): ${output}`));
      });
    });
  }

  /** The gateway's Prometheus samples whose name starts with `prefix` (for failure messages), or why not. */
  async gatewayMetrics(prefix) {
    try {
      const response = await fetch(`http://localhost:${this.env.ORBITLEND_GATEWAY_PORT}/q/metrics`);
      const lines = (await response.text()).split('\n').filter((l) => l.startsWith(prefix));
      return lines.join('; ') || `no ${prefix} samples`;
    } catch (e) {
      return `metrics unreadable: ${e.message}`;
    }
  }

  async stop() {
    if (!this.process || this.process.exitCode !== null) return;
    try {
      process.kill(-this.process.pid, 'SIGTERM');
    } catch {
      return;
    }
    const exit = await Promise.race([this.exited, sleep(60_000).then(() => null)]);
    if (!exit) process.kill(-this.process.pid, 'SIGKILL');
  }

  /** JSON request through the edge. */
  async api(method, path, { token, body } = {}) {
    const response = await fetch(this.url + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: response.status, headers: response.headers, json, text };
  }
}
