#!/usr/bin/env node
// usage: node scripts/e2e-snapshot.mjs <outdir>   (from a built checkout: pnpm build)
// End-to-end snapshot, to show a refactor changes no behaviour. Starts the repo's simulator (seed 7, 1000 tickets, fixed anchor), syncs every stream twice
// (second run after a few mutations), saves sorted records, state, the request log and the summary.
import { spawn, spawnSync } from "node:child_process";
import { mkdir, writeFile, readdir, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
const root = new URL("..", import.meta.url).pathname;
const [outArg] = process.argv.slice(2);
if (!outArg) {
  console.error("usage: node scripts/e2e-snapshot.mjs <outdir>");
  process.exit(2);
}
const out = resolve(outArg);
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const bin = join(root, "apps/cli/bin/calabi.js");
const sim = spawn(process.execPath, [bin, "simulator", "--port", "0", "--tickets", "1000", "--seed", "7", "--minute-ms", "3000", "--anchor", "2026-11-01T00:00:00Z"], { stdio: ["ignore", "pipe", "pipe"] });
const url = await new Promise((res) => createInterface({ input: sim.stdout }).once("line", (l) => res(l.trim())));
const cfg = join(out, "config.json");
await writeFile(cfg, JSON.stringify({ subdomain: "d3v-calabi", base_url: url, credentials: { credentials: "api_token", email: "demo@example.com", api_token: "demo-token" } }), { mode: 0o600 });
const api = async (method, path, body) => {
  for (let i = 0; ; i++) {
    try {
      return await (await fetch(url + path, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) })).json();
    } catch (e) {
      if (i >= 3) throw e;
    }
  }
};
process.on("exit", () => sim.kill("SIGTERM"));
async function run(tag) {
  await api("DELETE", "/__sim/requests");
  const data = join(out, "data");
  const r = spawnSync(process.execPath, [bin, "sync", "--config", cfg, "--output", data], { encoding: "utf8" });
  const reqs = (await api("GET", "/__sim/requests")).requests;
  const lines = reqs.map((q) => `${q.method} ${q.path.replace(/127\.0\.0\.1:\d+/g, "HOST")} ${q.status} ${q.fault ?? ""} ${q.rateLimited ? "RL" : ""}`).sort();
  await writeFile(join(out, `${tag}.requests.txt`), lines.join("\n") + "\n");
  const tl = r.stderr.split("\n"); const i0 = tl.findIndex((l) => l.startsWith("stream  ")); const i1 = tl.findIndex((l, i) => i > i0 && l.startsWith("total"));
  const summary = tl.slice(i0, i1 + 1).map((l) => l.replace(/\s+[\d.]+\s*$/, "")).concat(tl.filter((l) => /^(WARN|ERROR)/.test(l)).sort());
  await writeFile(join(out, `${tag}.stderr.txt`), r.stderr);
  await writeFile(join(out, `${tag}.summary.txt`), `exit ${r.status}\n` + summary.join("\n") + "\n");
  const files = (await readdir(data)).filter((f) => f.endsWith(".jsonl")).sort();
  const rec = [];
  for (const f of files) {
    const ls = (await readFile(join(data, f), "utf8")).split("\n").filter(Boolean).map((l) => l.replace(/127\.0\.0\.1:\d+/g, "HOST")).sort();
    rec.push(`## ${f} ${ls.length}`, ...ls);
  }
  await writeFile(join(out, `${tag}.records.txt`), rec.join("\n") + "\n");
  const st = (await readFile(join(data, "state.json"), "utf8")).replace(/127\.0\.0\.1:\d+/g, "HOST");
  await writeFile(join(out, `${tag}.state.json`), st);
  const fl = spawnSync("sh", ["-c", `cd ${data} && find files -type f | sort | xargs -r sha256sum`], { encoding: "utf8" }).stdout;
  await writeFile(join(out, `${tag}.files.txt`), fl);
  console.log(tag, "exit", r.status, "requests", reqs.length);
}
await run("run1");
await api("PATCH", "/__sim/records/tickets/5", { subject: "changed by e2e" });
await api("POST", "/__sim/records/users", { name: "E2E User", email: "e2e@example.com" });
await api("PATCH", "/__sim/records/organizations/3", { notes: "changed" });
await api("POST", "/__sim/clock/advance", { seconds: 300 });
await run("run2");
sim.kill("SIGTERM");
