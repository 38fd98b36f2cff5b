/**
 * docs/writing-a-plugin.md is real: every block it marks `<!-- file: <package>/<path> -->` is written
 * into an empty folder, type-checked and built against the built workspace packages, the guide's own
 * tests are run, and the built `calabi` loads the guide's plugins and syncs with them against the
 * guide's fixture server. Blocks marked `<!-- excerpt: <repo file> -->` must match that file, and
 * blocks marked `<!-- output: … -->` must be what the code prints.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkKernelRange } from "@calabi/kernel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ROOT, runCli, tempDir, writeJson } from "./helpers.js";

const REPO = resolve(CLI_ROOT, "..", "..");
const GUIDE = join(REPO, "docs", "writing-a-plugin.md");
const TSC = join(CLI_ROOT, "node_modules", "typescript", "bin", "tsc");
const fromKernel = createRequire(join(REPO, "packages", "kernel", "package.json"));
/** The kernel's own semver (what `checkKernelRange` uses). */
const semver = fromKernel("semver") as { satisfies(version: string, range: string): boolean };

interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  body: string;
  marker?: { kind: "file" | "excerpt" | "output"; value: string };
}

/** The fenced blocks of a Markdown file, each with the `<!-- kind: value -->` comment right above it. */
function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j]!)) body.push(lines[j++]!.slice(indent));
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === "") k--;
    const marker = k >= 0 ? /^\s*<!-- (file|excerpt|output): (.+?) -->\s*$/.exec(lines[k]!) : null;
    blocks.push({
      line: i + 1,
      lang: open[2]!,
      body: body.join("\n"),
      ...(marker ? { marker: { kind: marker[1] as "file" | "excerpt" | "output", value: marker[2]! } } : {}),
    });
    i = j;
  }
  return blocks;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const tsc = (project: string) => run(process.execPath, [TSC, "-p", project], dirname(project));

let blocks: Block[];
/** The guide's files by path (`<package>/<path>`); blocks naming the same file are appended in order. */
const files = new Map<string, string>();
let root: string;
const dir = (pkg: string) => join(root, pkg);
const guideJson = (path: string) => JSON.parse(files.get(path)!);
const output = (name: string) => blocks.find((b) => b.marker?.kind === "output" && b.marker.value === name)!.body;

/** node_modules of a guide package: what `npm i` would give it, linked to this workspace's builds. */
async function linkModules(pkg: string, modules: Record<string, string>): Promise<void> {
  for (const [name, target] of Object.entries(modules)) {
    const link = join(dir(pkg), "node_modules", name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(await realpath(target), link);
  }
}

beforeAll(async () => {
  blocks = fencedBlocks(await readFile(GUIDE, "utf8"));
  for (const block of blocks) {
    if (block.marker?.kind !== "file") continue;
    const previous = files.get(block.marker.value);
    files.set(block.marker.value, previous === undefined ? `${block.body}\n` : `${previous}\n${block.body}\n`);
  }
  root = await tempDir("calabi-guide-");
  for (const [path, content] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  const kernel = join(REPO, "packages", "kernel");
  const zod = dirname(fromKernel.resolve("zod/package.json"));
  const typesNode = join(CLI_ROOT, "node_modules", "@types", "node");
  await linkModules("calabi-plugin-tasks", {
    "@calabi/kernel": kernel,
    zod,
    vitest: join(CLI_ROOT, "node_modules", "vitest"),
    "@types/node": typesNode,
  });
  await linkModules("calabi-destination-ndjson", { "@calabi/kernel": kernel, "@types/node": typesNode });
  await linkModules("calabi-plugin-tasks-labels", { "@calabi/kernel": kernel });
  await linkModules("calabi-plugin-zendesk-views", {
    "@calabi/kernel": kernel,
    "@calabi/auth-zendesk": join(REPO, "packages", "auth-zendesk"),
    "@calabi/zendesk-common": join(REPO, "packages", "zendesk-common"),
    "@types/node": typesNode,
  });
  // "The tsconfigs are the ones of §2."
  for (const config of ["tsconfig.json", "tsconfig.build.json"]) {
    await cp(join(dir("calabi-plugin-tasks"), config), join(dir("calabi-plugin-zendesk-views"), config));
  }
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("docs/writing-a-plugin.md", () => {
  it("marks every code block (a file of a guide package, an excerpt of a repository file, or an output)", () => {
    const unmarked = blocks.filter((b) => ["ts", "js", "json", "text"].includes(b.lang) && !b.marker).map((b) => `line ${b.line} (${b.lang})`);
    expect(unmarked).toEqual([]);
    expect([...files.keys()].sort()).toEqual([
      "calabi-destination-ndjson/package.json",
      "calabi-destination-ndjson/src/index.ts",
      "calabi-destination-ndjson/tsconfig.json",
      "calabi-plugin-tasks-labels/index.js",
      "calabi-plugin-tasks-labels/jsconfig.json",
      "calabi-plugin-tasks-labels/package.json",
      "calabi-plugin-tasks/package.json",
      "calabi-plugin-tasks/src/config.ts",
      "calabi-plugin-tasks/src/index.ts",
      "calabi-plugin-tasks/src/source.ts",
      "calabi-plugin-tasks/src/streams.ts",
      "calabi-plugin-tasks/test/fixture-server.ts",
      "calabi-plugin-tasks/test/streams.test.ts",
      "calabi-plugin-tasks/tsconfig.build.json",
      "calabi-plugin-tasks/tsconfig.json",
      "calabi-plugin-zendesk-views/package.json",
      "calabi-plugin-zendesk-views/src/index.ts",
    ]);
    for (const path of files.keys()) if (path.endsWith(".json")) expect(() => JSON.parse(files.get(path)!), path).not.toThrow();
  });

  it("quotes repository files as they are", async () => {
    const excerpts = blocks.filter((b) => b.marker?.kind === "excerpt");
    expect(excerpts.length).toBeGreaterThan(0);
    for (const block of excerpts) {
      const source = await readFile(join(REPO, block.marker!.value), "utf8");
      const lines = block.body.split("\n").map((l) => l.replace(/\/\/.*$/, "").trim()).filter(Boolean);
      expect(lines.filter((l) => !source.includes(l)), block.marker!.value).toEqual([]);
    }
  });

  it("declares @calabi ranges that this workspace's packages satisfy (else calabi refuses the plugins)", async () => {
    const versions: Record<string, string> = {};
    for (const pkg of ["kernel", "auth-zendesk", "zendesk-common"]) {
      versions[`@calabi/${pkg}`] = JSON.parse(await readFile(join(REPO, "packages", pkg, "package.json"), "utf8")).version;
    }
    const ranges = [...files.keys()].filter((p) => p.endsWith("/package.json")).flatMap((path) => {
      const json = guideJson(path);
      return [...Object.entries(json.peerDependencies ?? {}), ...Object.entries(json.devDependencies ?? {})]
        .filter(([name]) => name.startsWith("@calabi/"))
        .map(([name, range]) => ({ path, name, range: String(range) }));
    });
    expect(ranges.length).toBeGreaterThan(8);
    expect(ranges.filter((r) => !semver.satisfies(versions[r.name]!, r.range))).toEqual([]);
    for (const path of [...files.keys()].filter((p) => p.endsWith("/package.json"))) {
      expect(guideJson(path).keywords, path).toContain("calabi-plugin");
      expect(guideJson(path).dependencies?.["@calabi/kernel"], `${path} takes the kernel as a peer`).toBeUndefined();
    }
  });

  it("prints the kernel-range refusal it quotes", () => {
    const quoted = output("kernel range refused").split("\n").join(" ");
    const [, range, version] = /built for @calabi\/kernel (\S+), but this calabi runs @calabi\/kernel (\S+)\./.exec(quoted)!;
    expect(range).toBe(guideJson("calabi-plugin-tasks/package.json").peerDependencies["@calabi/kernel"]);
    const pkg = { name: "calabi-plugin-tasks", version: "1.0.0", dir: root, entry: join(root, "index.js"), kernelRange: range };
    expect(() => checkKernelRange(pkg, version!)).toThrow(quoted);
  });

  for (const [pkg, project] of [
    ["calabi-plugin-tasks", "tsconfig.json"],
    ["calabi-destination-ndjson", "tsconfig.json"],
    ["calabi-plugin-tasks-labels", "jsconfig.json"],
    ["calabi-plugin-zendesk-views", "tsconfig.json"],
  ] as const) {
    it(`type-checks ${pkg} (${project})`, async () => {
      const result = await tsc(join(dir(pkg), project));
      expect(result.output).toBe("");
      expect(result.code).toBe(0);
    });
  }

  it("the guide's own tests pass (vitest in the plugin's folder)", async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "NODE_OPTIONS"));
    const report = join(root, "vitest-report.json");
    const vitest = join(dir("calabi-plugin-tasks"), "node_modules", "vitest", "vitest.mjs");
    const result = await run(process.execPath, [vitest, "run", "--reporter=json", `--outputFile=${report}`], dir("calabi-plugin-tasks"), env);
    expect(result.code, result.output).toBe(0);
    const summary = JSON.parse(await readFile(report, "utf8"));
    expect(summary.numFailedTests).toBe(0);
    expect(summary.numPassedTests).toBe(summary.numTotalTests);
    expect(summary.numPassedTests).toBeGreaterThanOrEqual(9);
  });

  describe("the built plugins in calabi", () => {
    let server: { url: string; close(): Promise<void> };
    let plugins: string;
    let config: string;

    beforeAll(async () => {
      for (const [pkg, project] of [["calabi-plugin-tasks", "tsconfig.build.json"], ["calabi-destination-ndjson", "tsconfig.json"]]) {
        const built = await tsc(join(dir(pkg!), project!));
        expect(built.output).toBe("");
      }
      const fixtures = await import(pathToFileURL(join(dir("calabi-plugin-tasks"), "test", "fixture-server.ts")).href);
      server = await fixtures.startTasksServer();
      plugins = ["calabi-plugin-tasks", "calabi-destination-ndjson", "calabi-plugin-tasks-labels"].map(dir).join(",");
      config = await writeJson(join(root, "tasks.json"), { api_url: server.url, api_key: "test-key", start_date: "2026-01-01T00:00:00Z" });
      return () => server.close();
    });

    it("calabi plugins lists them as the guide shows", async () => {
      const result = await runCli(["--plugins", `${dir("calabi-plugin-tasks")},@calabi/destination-jsonl`, "plugins"], { cwd: root });
      expect(result.code).toBe(0);
      const squeeze = (text: string) => text.split("\n").map((l) => l.trimEnd().replace(/ {2,}/g, "  "));
      for (const line of squeeze(output("calabi plugins"))) expect(squeeze(result.stdout)).toContain(line);
      const all = await runCli(["--plugins", plugins, "plugins", "--json"], { cwd: root });
      const rows = JSON.parse(all.stdout);
      expect(rows.map((r: { name: string; kind: string }) => `${r.name} ${r.kind}`).sort()).toEqual([
        "calabi-destination-ndjson destination",
        "calabi-plugin-tasks source",
        "calabi-plugin-tasks-labels streams",
      ]);
    });

    it("check, then sync twice into the ndjson destination: every stream, deletions, and a resume", async () => {
      const check = await runCli(["--plugins", plugins, "check", "--config", config], { cwd: root });
      expect(check.messages).toEqual([{ type: "CONNECTION_STATUS", connectionStatus: { status: "SUCCEEDED" } }]);

      const out = join(root, "out");
      const sync = await runCli(["--plugins", plugins, "sync", "--config", config, "--destination", "ndjson", "--output", out], { cwd: root });
      expect(sync.code, sync.stderr).toBe(0);
      const lines = async (stream: string) => (await readFile(join(out, `${stream}.ndjson`), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
      expect((await lines("projects")).length).toBe(5);
      const tasks = await lines("tasks");
      expect(tasks.length).toBe(40);
      expect(tasks.filter((t) => t._ab_cdc_deleted_at).map((t) => t.id)).toEqual([11, 31]);
      expect((await lines("task_comments")).length).toBe(57);
      expect((await lines("activity")).length).toBe(30);
      expect((await lines("labels")).map((l) => l.name)).toEqual(["bug", "chore"]);

      const states = JSON.parse(await readFile(join(out, "state.json"), "utf8"));
      const comments = states.find((s: any) => s.stream.stream_descriptor.name === "task_comments").stream.stream_state;
      const quoted = JSON.parse(output("task_comments state"));
      expect(Object.keys(comments).sort()).toEqual(Object.keys(quoted).sort());
      expect(comments.state).toEqual(quoted.state);
      expect(comments.parent_state).toEqual(quoted.parent_state);
      expect(comments.states).toContainEqual(quoted.states[0]);

      const again = await runCli(["--plugins", plugins, "sync", "--config", config, "--destination", "ndjson", "--output", out], { cwd: root });
      expect(again.code, again.stderr).toBe(0);
      expect((await lines("tasks")).length).toBe(41); // only the newest task again (the API's filter is >=)
      expect((await lines("labels")).length).toBe(2); // full refresh: overwritten
    });

    it("a plan without the activity feed: the stream is skipped with a WARN and the sync succeeds", async () => {
      const fixtures = await import(pathToFileURL(join(dir("calabi-plugin-tasks"), "test", "fixture-server.ts")).href);
      const basic = await fixtures.startTasksServer({ plan: "basic" });
      try {
        const basicConfig = await writeJson(join(root, "basic.json"), { api_url: basic.url, api_key: "test-key" });
        const sync = await runCli(["--plugins", plugins, "sync", "--config", basicConfig, "--destination", "ndjson", "--output", join(root, "basic")], { cwd: root });
        expect(sync.code, sync.stderr).toBe(0);
        expect(sync.stderr).toMatch(/WARN Stream "activity" skipped: your Tasks plan does not include this data \(403\)/);
        expect(sync.stderr).toMatch(/activity\s+skipped/);
      } finally {
        await basic.close();
      }
    });
  });
});
