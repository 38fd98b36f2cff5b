#!/usr/bin/env node
// usage: node scripts/e2e-compare.mjs <snapshotA> <snapshotB>
// Compares two e2e-snapshot.mjs outputs (records, state, request log, summary, stored files) after
// masking what depends on the wall clock of the run: timestamps of "today" (the sync's now, the
// default start_date two and ten years back) and the minutes elapsed in ticket metric counters
// (a mutated ticket's metrics count minutes up to the run's now).
// Exit 0 when identical, 1 otherwise (the first differing lines are printed).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node scripts/e2e-compare.mjs <snapshotA> <snapshotB>");
  process.exit(2);
}
const today = new Date();
const nearToday = (d) => d.getUTCMonth() === today.getUTCMonth() && Math.abs(d.getUTCDate() - today.getUTCDate()) <= 2;
function mask(text) {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d(:|%3A)\d\d(:|%3A)\d\d(\.\d+)?(Z|\+00:00)/g, (m) => (nearToday(new Date(decodeURIComponent(m))) ? "<NOW>" : m))
    .replace(/\b1[4-9]\d{8}\b/g, (m) => (nearToday(new Date(Number(m) * 1000)) ? "<UNIXNOW>" : m))
    .replace(/"(calendar|business)":\d+/g, '"$1":N');
}
let different = 0;
for (const file of readdirSync(a).sort()) {
  if (file === "data" || file === "config.json" || file.endsWith("stderr.txt")) continue;
  const x = mask(readFileSync(join(a, file), "utf8")).split("\n");
  const y = mask(readFileSync(join(b, file), "utf8")).split("\n");
  const diff = [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) diff.push(`  line ${i + 1}:\n  - ${String(x[i]).slice(0, 200)}\n  + ${String(y[i]).slice(0, 200)}`);
  console.log(`${diff.length === 0 ? "same" : "DIFF"} ${file}${diff.length ? ` (${diff.length} lines)` : ""}`);
  if (diff.length) console.log(diff.slice(0, 3).join("\n"));
  different += diff.length ? 1 : 0;
}
process.exit(different ? 1 : 0);
