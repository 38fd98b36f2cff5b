/**
 * The CLI installed alone (no plugins, no simulator): copy the built CLI into a temp directory whose
 * node_modules holds only its runtime dependencies.
 */
import { cp, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ROOT, FIXTURES, expectNoStackTrace, expectValidProtocol, ofType, runCli, tempDir, type CliResult } from "./helpers.js";

let bin: string;
let cwd: string;
let globalModules: string;

beforeAll(async () => {
  const root = await tempDir("calabi-bare-");
  globalModules = join(root, "lib", "node_modules");
  const app = join(globalModules, "@calabi", "cli");
  await mkdir(join(app, "node_modules", "@calabi"), { recursive: true });
  await cp(join(CLI_ROOT, "dist"), join(app, "dist"), { recursive: true });
  await cp(join(CLI_ROOT, "bin"), join(app, "bin"), { recursive: true });
  await cp(join(CLI_ROOT, "package.json"), join(app, "package.json"));
  for (const dep of ["commander"]) await symlink(join(CLI_ROOT, "node_modules", dep), join(app, "node_modules", dep));
  await symlink(join(CLI_ROOT, "node_modules", "@calabi", "kernel"), join(app, "node_modules", "@calabi", "kernel"));
  bin = join(app, "bin", "calabi.js");
  cwd = await tempDir("calabi-bare-cwd-");
});

function run(args: string[]): Promise<CliResult> {
  return runCli(args, { command: [process.execPath, bin], cwd });
}

describe("the CLI installed without plugins", () => {
  it("plugins: says none were found and how to install them", async () => {
    const result = await run(["plugins"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No plugins found\. Install some beside the CLI, e\.g\. npm i -g @calabi\/auth-zendesk/);
  });

  it("spec: no source plugin → TRACE config_error and one line on stderr, exit 2", async () => {
    const result = await run(["spec"]);
    expect(result.code).toBe(2);
    expectValidProtocol(result);
    expect(ofType(result, "TRACE")[0].trace.error.failure_type).toBe("config_error");
    expect(result.stderr).toMatch(/No source plugin is installed\. Install one beside the CLI, e\.g\. "npm i -g @calabi\/auth-zendesk @calabi\/streams-support"/);
    expectNoStackTrace(result);
  });

  it("simulator: tells the user to install @calabi/zendesk-simulator, exit 2", async () => {
    const result = await run(["simulator", "--port", "0"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/install @calabi\/zendesk-simulator/);
    expectNoStackTrace(result);
  });

  it("finds a plugin installed globally beside the CLI (npm i -g layout)", async () => {
    await mkdir(join(globalModules, "@fixture"), { recursive: true });
    await symlink(join(FIXTURES, "fake-streams"), join(globalModules, "@fixture", "fake-streams"));
    const result = await run(["plugins"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/@fixture\/fake-streams\s+0\.9\.0\s+streams\s+streams for "fake"/);
    expect(result.stdout).toMatch(/3 streams: alpha, beta, gamma \(opt-in\)/);
  });

  it("a CLI installed locally in a project suggests a local install (npm i, not npm i -g)", async () => {
    const project = await tempDir("calabi-local-project-");
    const modules = join(project, "node_modules");
    const app = join(modules, "@calabi", "cli");
    await mkdir(join(app, "node_modules", "@calabi"), { recursive: true });
    await cp(join(CLI_ROOT, "dist"), join(app, "dist"), { recursive: true });
    await cp(join(CLI_ROOT, "bin"), join(app, "bin"), { recursive: true });
    await cp(join(CLI_ROOT, "package.json"), join(app, "package.json"));
    for (const dep of ["commander", "reflect-metadata", "tsyringe"]) await symlink(join(CLI_ROOT, "node_modules", dep), join(app, "node_modules", dep));
    await symlink(join(CLI_ROOT, "node_modules", "@calabi", "kernel"), join(app, "node_modules", "@calabi", "kernel"));
    await mkdir(join(modules, "@fixture"), { recursive: true });
    await symlink(join(FIXTURES, "fake-source"), join(modules, "@fixture", "fake-source"));
    await writeFile(join(project, "config.json"), JSON.stringify({ subdomain: "acme", api_token: "x" }));
    const result = await runCli(["discover", "--config", "config.json"], { command: [process.execPath, join(app, "bin", "calabi.js")], cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No stream plugin for the "fake" source is installed.*"npm i @calabi\/streams-support @calabi\/streams-help-center @calabi\/streams-community"/);
    expectNoStackTrace(result);
  });
});
