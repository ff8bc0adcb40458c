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

module.exports = { cpu, rssKb, heapAfterGcKb, machine, clkTck };
