'use strict';
// A small log-linear histogram of non-negative integers (microseconds here): exact below 128, then 128
// sub-buckets per power of two (relative error < 0.8 %). Dense counts, mergeable across processes.
const SUB = 128;
const SIZE = SUB + 24 * SUB; // values up to 2^31 - 1

function index(v) {
  if (v < SUB) return v < 0 ? 0 : v | 0;
  if (v > 0x7fffffff) v = 0x7fffffff;
  const b = 31 - Math.clz32(v);
  const shift = b - 7;
  return SUB + shift * SUB + ((v >>> shift) - SUB);
}

function valueOf(i) {
  if (i < SUB) return i;
  const k = i - SUB;
  const shift = Math.floor(k / SUB);
  const lower = (SUB + (k % SUB)) * 2 ** shift;
  return lower + (2 ** shift - 1) / 2;
}

class Histogram {
  constructor() { this.counts = new Float64Array(SIZE); this.n = 0; this.max = 0; this.sum = 0; }
  record(v) {
    this.counts[index(v)]++;
    this.n++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }
  merge(o) {
    for (let i = 0; i < SIZE; i++) this.counts[i] += o.counts[i];
    this.n += o.n; this.sum += o.sum; if (o.max > this.max) this.max = o.max;
  }
  percentile(p) {
    if (this.n === 0) return null;
    const target = Math.ceil((p / 100) * this.n);
    let acc = 0;
    for (let i = 0; i < SIZE; i++) {
      acc += this.counts[i];
      if (acc >= target) return Math.min(valueOf(i), this.max);
    }
    return this.max;
  }
  mean() { return this.n ? this.sum / this.n : null; }
  // sparse form for IPC: [[index, count], ...]
  toJSON() {
    const s = [];
    for (let i = 0; i < SIZE; i++) if (this.counts[i]) s.push([i, this.counts[i]]);
    return { s, n: this.n, max: this.max, sum: this.sum };
  }
  static fromJSON(j) {
    const h = new Histogram();
    for (const [i, c] of j.s) h.counts[i] = c;
    h.n = j.n; h.max = j.max; h.sum = j.sum;
    return h;
  }
  summary(scale = 1000) { // microseconds -> milliseconds by default
    const f = (x) => (x == null ? null : Math.round((x / scale) * 100) / 100);
    return {
      count: this.n, mean: f(this.mean()), p50: f(this.percentile(50)), p90: f(this.percentile(90)),
      p99: f(this.percentile(99)), p999: f(this.percentile(99.9)), max: f(this.n ? this.max : null),
    };
  }
}

module.exports = { Histogram };
