/**
 * The example third-party plugins (`examples/`) as a user gets them: the CLI, the kernel, the
 * packages the examples build on and the examples themselves are packed, then installed with plain
 * npm into an empty project (as image/install.sh does: every @calabi package a tarball, bounded
 * retries). The installed `calabi` finds both examples, discovers their streams and syncs each from
 * its fixture server, on one copy of @calabi/kernel.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubFixture, configFor as githubConfig, type GithubFixture } from "../../../examples/github-issues/test/fixture-server.js";
import { startTalkFixture, configFor as talkConfig, type TalkFixture } from "../../../examples/zendesk-talk/test/fixture-server.js";
import { CLI_ROOT, expectNoStackTrace, readJsonl, kernelCopies, runCli, tempDir, writeJson, type CliResult } from "./helpers.js";

const REPO = resolve(CLI_ROOT, "..", "..");
/** What a user installs: the CLI, a destination, the Zendesk source and building blocks the Talk example needs, the examples. */
const PACKED = ["packages/kernel", "packages/auth-zendesk", "packages/zendesk-common", "packages/destination-jsonl", "apps/cli", "examples/zendesk-talk", "examples/github-issues"];

let project: string;
let packs: string;
let github: GithubFixture;
let talk: TalkFixture;

beforeAll(async () => {
  for (const dir of PACKED) {
    if (!existsSync(join(REPO, dir, "dist"))) throw new Error(`${dir} is not built; run "pnpm build" first`);
  }
  packs = await mkdtemp(join(tmpdir(), "calabi-examples-packs-"));
  for (const dir of PACKED) {
    const pack = spawnSync("pnpm", ["pack", "--pack-destination", packs], { cwd: join(REPO, dir), encoding: "utf8", timeout: 60_000 });
    if (pack.status !== 0) throw new Error(`pnpm pack in ${dir} failed: ${pack.stderr}`);
  }
  project = await tempDir("calabi-examples-project-");
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "calabi-examples-user", private: true }));
  const tarballs = readdirSync(packs).filter((f) => f.endsWith(".tgz")).map((f) => join(packs, f));
  expect(tarballs).toHaveLength(PACKED.length);
  // As image/install.sh: bounded retries; every @calabi package is one of the tarballs, and
  // --legacy-peer-deps keeps npm from looking peers up in the registry.
  const install = spawnSync(
    "npm",
    ["install", "--prefix", project, "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline", "--legacy-peer-deps",
      "--fetch-retries=4", "--fetch-retry-mintimeout=2000", "--fetch-retry-maxtimeout=15000", "--fetch-timeout=60000", ...tarballs],
    { encoding: "utf8", timeout: 240_000 },
  );
  if (install.status !== 0) throw new Error(`npm install of the packed examples failed (${install.status ?? install.signal}): ${install.stderr}`);
  github = await startGithubFixture();
  talk = await startTalkFixture();
}, 300_000);

afterAll(async () => {
  await github?.close();
  await talk?.close();
  for (const dir of [packs, project]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** The @calabi/kernel range an example declares (its peer dependency), as `calabi plugins` shows it. */
const kernelRange = (example: string): string =>
  JSON.parse(readFileSync(join(REPO, "examples", example, "package.json"), "utf8")).peerDependencies["@calabi/kernel"];

/** The installed `calabi`, run from the project with a bare environment, as a user would. */
function calabi(args: string[]): Promise<CliResult> {
  return runCli(args, { command: [process.execPath, join(project, "node_modules", "@calabi", "cli", "bin", "calabi.js")], cwd: project, cleanEnv: true });
}

describe("the example plugins installed from their packed tarballs with npm", () => {
  it("share exactly one copy of @calabi/kernel", () => {
    expect(kernelCopies(project).size).toBe(1);
  });

  it("calabi plugins lists both, with their version and kernel range", async () => {
    const result = await calabi(["plugins", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as { name: string; version: string; kind: string; kernel?: string; provides?: string[]; source?: string; streams?: string[] }[];
    expect(rows.find((r) => r.name === "calabi-plugin-github-issues")).toMatchObject({
      version: "0.1.0", kind: "source", kernel: kernelRange("github-issues"), provides: ['source "github"'], source: "github", streams: ["comments", "issues"],
    });
    expect(rows.find((r) => r.name === "calabi-plugin-zendesk-talk")).toMatchObject({
      version: "0.1.0", kind: "streams", kernel: kernelRange("zendesk-talk"), source: "zendesk", streams: ["calls", "legs", "phone_numbers"],
    });
    const table = await calabi(["plugins"]);
    const range = kernelRange("zendesk-talk").replace(/[.^]/g, "\\$&");
    expect(table.stdout).toMatch(new RegExp(`calabi-plugin-zendesk-talk\\s+0\\.1\\.0\\s+streams\\s+kernel ${range}\\s+streams for "zendesk"`));
  });

  it("github: discover shows its streams, and sync writes every issue and comment", async () => {
    const config = await writeJson(join(project, "github.json"), githubConfig(github));
    const discover = await calabi(["discover", "--source", "github", "--config", config]);
    expect(discover.code, discover.stderr).toBe(0);
    const catalog = discover.messages.find((m) => m.type === "CATALOG").catalog.streams as { name: string; supported_sync_modes: string[] }[];
    expect(catalog.map((s) => s.name).sort()).toEqual(["comments", "issues"]);
    expect(catalog.find((s) => s.name === "issues")!.supported_sync_modes).toContain("incremental");

    const output = join(project, "github-data");
    const sync = await calabi(["sync", "--source", "github", "--config", config, "--output", output]);
    expect(sync.code, sync.stderr).toBe(0);
    expectNoStackTrace(sync);
    const issues = await readJsonl(join(output, "issues.jsonl"));
    const expected = [...github.data.issues.values()].flat();
    expect(issues.map((r) => r.id).sort()).toEqual(expected.map((i) => i.id).sort());
    expect(await readJsonl(join(output, "comments.jsonl"))).toHaveLength([...github.data.comments.values()].flat().length);
    expect(existsSync(join(output, "state.json"))).toBe(true);
  });

  it("zendesk-talk: discover shows its streams on the Zendesk source, and sync writes them", async () => {
    const config = await writeJson(join(project, "zendesk.json"), talkConfig(talk));
    const discover = await calabi(["discover", "--source", "zendesk", "--config", config]);
    expect(discover.code, discover.stderr).toBe(0);
    const names = discover.messages.find((m) => m.type === "CATALOG").catalog.streams.map((s: { name: string }) => s.name).sort();
    expect(names).toEqual(["calls", "legs", "phone_numbers"]);

    const output = join(project, "talk-data");
    const sync = await calabi(["sync", "--source", "zendesk", "--config", config, "--output", output]);
    expect(sync.code, sync.stderr).toBe(0);
    expectNoStackTrace(sync);
    expect(await readJsonl(join(output, "calls.jsonl"))).toHaveLength(talk.data.calls.length);
    expect(await readJsonl(join(output, "legs.jsonl"))).toHaveLength(talk.data.legs.length);
    expect(await readJsonl(join(output, "phone_numbers.jsonl"))).toHaveLength(talk.data.phone_numbers.length);
  });
});
