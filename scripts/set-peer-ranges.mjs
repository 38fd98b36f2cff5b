// Release step (see .changeset/README.md): every @calabi peer range of the workspace's packages
// becomes the coming version's caret range, so changesets does not turn a 0.x kernel minor into a
// 1.0.0 of every plugin that takes the kernel as a peer.
// Usage: node scripts/set-peer-ranges.mjs 0.3.0
//   packages/ and apps/: "workspace:^0.3.0" (pnpm publishes it as ^0.3.0); examples/: "^0.3.0".
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const next = process.argv[2];
if (!/^\d+\.\d+\.\d+$/.test(next ?? "")) {
  console.error("usage: node scripts/set-peer-ranges.mjs <version>   e.g. 0.3.0");
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const group of ["packages", "apps", "examples"]) {
  for (const name of readdirSync(join(root, group))) {
    const file = join(root, group, name, "package.json");
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, "utf8"));
    const changed = [];
    for (const [dep, range] of Object.entries(json.peerDependencies ?? {})) {
      if (!dep.startsWith("@calabi/")) continue;
      const wanted = range.startsWith("workspace:") ? `workspace:^${next}` : `^${next}`;
      if (range === wanted) continue;
      json.peerDependencies[dep] = wanted;
      changed.push(`${dep} ${range} → ${wanted}`);
    }
    if (changed.length === 0) continue;
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`${relative(root, file)}: ${changed.join(", ")}`);
  }
}
