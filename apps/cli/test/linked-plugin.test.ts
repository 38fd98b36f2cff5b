/**
 * A plugin installed from a linked folder (`npm install ../my-plugin`) that carries its own copy of
 * @calabi/kernel: a plan-gated stream it skips is still a skip (a WARN, exit 0), not a failure.
 */
import { cp, mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ROOT, expectNoStackTrace, FIXTURES, runCli, tempDir, writeJson } from "./helpers.js";

const KERNEL = resolve(CLI_ROOT, "..", "..", "packages", "kernel");
let project: string;
let pluginDir: string;
let configPath: string;

const PLUGIN = `import { SkipError } from "@calabi/kernel";

const STREAM_SET = Symbol.for("@calabi/kernel/v1:StreamSet");
const gated = {
  spec: { name: "gated", jsonSchema: { type: "object" }, primaryKey: [["id"]] },
  async *read() {
    throw new SkipError("stream", "gated is not available on this plan (kernel: " + import.meta.resolve("@calabi/kernel") + ")", 403);
  },
};
export default {
  apiVersion: 1,
  name: "@fixture/gated-streams",
  version: "1.0.0",
  kind: "streams",
  register(container) {
    container.register(STREAM_SET, { useValue: { source: "fake", plugin: "@fixture/gated-streams", streams: [gated] } });
  },
};
`;

beforeAll(async () => {
  const root = await tempDir("calabi-linked-");
  // The plugin's own folder, with its own (copied, so separate) kernel in its node_modules.
  pluginDir = join(root, "my-gated-plugin");
  const ownKernel = join(pluginDir, "node_modules", "@calabi", "kernel");
  await mkdir(join(ownKernel, "node_modules"), { recursive: true });
  await cp(join(KERNEL, "dist"), join(ownKernel, "dist"), { recursive: true });
  await cp(join(KERNEL, "package.json"), join(ownKernel, "package.json"));
  for (const dep of await readdir(join(KERNEL, "node_modules"))) {
    if (dep.startsWith(".") || dep.startsWith("@")) continue;
    await symlink(join(KERNEL, "node_modules", dep), join(ownKernel, "node_modules", dep));
  }
  await writeJson(join(pluginDir, "package.json"), {
    name: "@fixture/gated-streams",
    version: "1.0.0",
    type: "module",
    main: "./index.mjs",
    keywords: ["calabi-plugin"],
    calabi: { kind: "streams", source: "fake" },
  });
  await writeFile(join(pluginDir, "index.mjs"), PLUGIN);
  // What `npm install ../my-gated-plugin` leaves in the project: a link to the folder.
  project = join(root, "project");
  await mkdir(join(project, "node_modules", "@fixture"), { recursive: true });
  await symlink(pluginDir, join(project, "node_modules", "@fixture", "gated-streams"));
  configPath = await writeJson(join(root, "config.json"), { subdomain: "acme", api_token: "linked-secret" });
});

describe("a plugin installed from a linked folder", () => {
  it("a plan-gated stream is skipped with a WARN (exit 0), and the plugin runs on the CLI's kernel", async () => {
    const plugins = [join(FIXTURES, "fake-source"), "@fixture/gated-streams", "@calabi/destination-jsonl"].join(",");
    const out = join(project, "out");
    const result = await runCli(["--plugins", plugins, "sync", "--config", configPath, "--output", out], { cwd: project });
    expectNoStackTrace(result);
    expect(result.stderr).not.toMatch(/failed unexpectedly/);
    expect(result.stderr).toMatch(/gated\s+skipped/);
    expect(result.stderr).toMatch(/gated is not available on this plan/);
    // One kernel per process: the plugin's import resolved to the CLI's copy, not its own.
    const kernelUrl = /kernel: (file:[^)]+)\)/.exec(result.stderr)?.[1];
    expect(kernelUrl).toBeDefined();
    expect(kernelUrl).not.toContain("my-gated-plugin");
    expect(result.code).toBe(0);
  });
});
