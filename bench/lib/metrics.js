'use strict';
// Process and machine metrics read from /proc and the JDK tools.
const fs = require('fs');
const os = require('os');
const { execFileSync } = require('child_process');

let clkTck = 100;
try { clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { /* default */ }

/** CPU seconds (user, sys) of a process from /proc/<pid>/stat, or null if it is gone. */
function cpu(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after "pid (comm) ": state=f[0], ..., utime=f[11], stime=f[12]
    return { user: Number(f[11]) / clkTck, sys: Number(f[12]) / clkTck };
  } catch { return null; }
}

/**
 * CPU seconds (user + sys) of each live thread of a process, from /proc/<pid>/task/<tid>/stat: a map from thread
 * id to { name, seconds } (the name is the kernel's, 15 characters at most). Empty if the process is gone.
 */
function threadCpu(pid) {
  const threads = {};
  let tids = [];
  try { tids = fs.readdirSync(`/proc/${pid}/task`); } catch { return threads; }
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads[tid] = { name, seconds: (Number(f[11]) + Number(f[12])) / clkTck };
    } catch { /* the thread ended meanwhile */ }
  }
  return threads;
}

/** The role of a gateway JVM thread, by its name. */
function threadGroup(name) {
  if (/^C[12] Compiler/.test(name)) return 'JIT compilers';
  if (/^(GC Thread|G1 |VM Periodic|GC |Gang worker|ParGC)/.test(name) || name === 'VM Thread') return 'GC and VM';
  if (name.startsWith('vert.x-eventloo')) return 'event loops';
  if (name.startsWith('notification-fa')) return 'fan-out reader';
  if (name.startsWith('kafka') || name.startsWith('smallrye-kafka')) return 'Kafka clients';
  if (name.startsWith('executor-thread') || name.startsWith('vert.x-worker') || name.startsWith('resume-')) return 'worker threads';
  return 'other';
}

/**
 * CPU seconds per thread group between two threadCpu() snapshots of the same process; 'threads that ended'
 * is the process's own delta not accounted for by threads alive at the end.
 */
function threadDelta(a, b, processSeconds) {
  const groups = {};
  let sum = 0;
  for (const [tid, t] of Object.entries(b)) {
    const d = t.seconds - (a[tid] ? a[tid].seconds : 0);
    const g = threadGroup(t.name);
    groups[g] = (groups[g] || 0) + d;
    sum += d;
  }
  if (processSeconds != null && processSeconds - sum > 0.005) groups['threads that ended'] = processSeconds - sum;
  return groups;
}

/** Resident set size in KiB from /proc/<pid>/status. */
function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch { return null; }
}

/** Java heap in use after a full GC (KiB), via jcmd GC.run + GC.heap_info. */
function heapAfterGcKb(pid) {
  try {
    execFileSync('jcmd', [String(pid), 'GC.run'], { timeout: 60000, stdio: ['ignore', 'pipe', 'pipe'] });
    const info = execFileSync('jcmd', [String(pid), 'GC.heap_info'], { timeout: 60000 }).toString();
    // G1 prints one "garbage-first heap total …K, used …K" line; Parallel and Serial one per generation
    // (PSYoungGen + ParOldGen, def new generation + tenured generation): the heap is their sum
    const generations = [...info.matchAll(/total (\d+)K, used (\d+)K/g)];
    if (generations.length === 0) return { raw: info.trim() };
    return {
      usedKb: generations.reduce((sum, m) => sum + Number(m[2]), 0),
      committedKb: generations.reduce((sum, m) => sum + Number(m[1]), 0),
      raw: info.trim(),
    };
  } catch (e) { return { error: String(e.message || e) }; }
}

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = (/model name\s*:\s*(.*)/.exec(cpuinfo) || [])[1] || 'unknown';
  const memTotal = (/MemTotal:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8')) || [])[1];
  let jdk = 'unknown';
  try { jdk = execFileSync('java', ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString(); } catch (e) {
    jdk = String(e.stderr || e.stdout || '');
  }
  // java -version prints to stderr
  try {
    const r = require('child_process').spawnSync('java', ['-version']);
    jdk = (r.stderr.toString() || r.stdout.toString()).trim().split('\n').join(' | ');
  } catch { /* keep */ }
  let load = os.loadavg().map((x) => Math.round(x * 100) / 100);
  return {
    nproc: os.cpus().length,
    cpuModel: model.trim(),
    memTotalGiB: memTotal ? Math.round((Number(memTotal) / 1048576) * 10) / 10 : null,
    kernel: `${os.type()} ${os.release()}`,
    jdk,
    node: process.version,
    loadAverageAtStart: load,
    clkTck,
  };
}

module.exports = { cpu, threadCpu, threadDelta, rssKb, heapAfterGcKb, machine, clkTck };
