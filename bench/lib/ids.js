'use strict';
// Notification ids in UUID syntax that carry what the checker needs:
//   <run:8 hex>-<ci hi:4>-<ci lo:4>-0000-<seq:12 hex>, ci = 0 for public:marketplace, 1 + u for user:<prefix><u>
const hex = (n, w) => n.toString(16).padStart(w, '0');

function make(run, ci, seq) {
  return `${run}-${hex(ci >>> 16, 4)}-${hex(ci & 0xffff, 4)}-0000-${hex(seq, 12)}`;
}

function parse(id) {
  return { ci: parseInt(id.slice(9, 13) + id.slice(14, 18), 16), seq: parseInt(id.slice(24, 36), 16) };
}

module.exports = { make, parse };
