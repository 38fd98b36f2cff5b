/**
 * The layout stays navigable: no import cycle (madge, pinned dev dependency) and no state held
 * at module level — an account's derived state lives in its slots (store/slots.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import madge from "madge";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL(".", import.meta.url));
const TSCONFIG = fileURLToPath(new URL("../tsconfig.json", import.meta.url));

async function cycles(skipTypeImports: boolean): Promise<string[][]> {
  const graph = await madge(SRC, {
    fileExtensions: ["ts"],
    tsConfig: TSCONFIG,
    excludeRegExp: [/\.test\.ts$/, /__tests__/],
    detectiveOptions: { ts: { skipTypeImports }, es6: { skipTypeImports } },
  });
  return graph.circular();
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "__tests__" ? [] : sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("import graph", () => {
  it("has no cycle between modules at run time", async () => {
    expect(await cycles(true)).toEqual([]);
  });

  it("has one mutual type reference only: a route's context carries the simulator that dispatches routes", async () => {
    expect(await cycles(false)).toEqual([["core/simulator.ts", "core/route.ts"]]);
  });
});

/**
 * Module-level maps and sets that hold no account state: constants, transport bookkeeping and memos
 * of pure functions of their key. Anything derived from an account belongs in `account.slots` or
 * `shape.slots`.
 */
const ALLOWED = new Map([
  ["core/http.ts RAW_BODIES", "the bytes of a Response object until the loopback server writes them"],
  ["core/http.ts RECORD_JSON", "JSON.stringify of an immutable record object, memoised by the object"],
  ["core/http.ts LAST_PAGE_BYTES", "buffer-size hint per list key"],
  ["util/prng.ts LABEL_HASHES", "hash of a label string (pure)"],
  ["account/time.ts CLUSTER_HASHES", "hashes of a label string (pure)"],
  ["account/configuration/store.ts NO_URL", "constant: the resources whose records carry no url"],
  ["account/support-extras.ts RATED", "constant: the rating scores that count as rated"],
]);

describe("module-level state", () => {
  it("no module keeps a top-level Map/WeakMap/Set other than the listed memos", () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file);
      for (const m of readFileSync(file, "utf8").matchAll(/^(?:export )?(?:const|let) (\w+)(?:: [^=]+)? = new (?:Weak)?(?:Map|Set)\b/gm)) {
        found.push(`${rel} ${m[1]}`);
      }
    }
    expect(found.filter((f) => !ALLOWED.has(f))).toEqual([]);
    expect([...ALLOWED.keys()].filter((k) => !found.includes(k)), "stale ALLOWED entries").toEqual([]);
  });
});
