import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ROOT, expectNoStackTrace, expectValidProtocol, FAKE_PLUGINS, FIXTURES, readJsonl, runCli, tempDir, writeJson } from "./helpers.js";

const SECRET = "sekrit-XYZ-123";
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
});

const cli = (...args: string[]) => runCli(["--plugins", FAKE_PLUGINS, ...args], { env: { CALABI_PROGRESS_INTERVAL_MS: "0" } });

async function config(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  return writeJson(join(dir, `${name}.json`), { subdomain: "acme", api_token: SECRET, ...extra });
}

describe("sync (fixture plugins + real JSONL destination)", () => {
  it("writes one JSONL file per stream and a state file; stdout stays empty; summary table on stderr", async () => {
    const out = join(dir, "out1");
    const result = await cli("sync", "--config", await config("c1"), "--output", out);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expectNoStackTrace(result);
    expect((await readJsonl(join(out, "alpha.jsonl"))).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await readJsonl(join(out, "beta.jsonl"))).toHaveLength(6);
    await expect(stat(join(out, "gamma.jsonl"))).rejects.toThrow(); // opt-in, not named
    const state = JSON.parse(await readFile(join(out, "state.json"), "utf8"));
    expect(state).toEqual([{ type: "STREAM", stream: { stream_descriptor: { name: "alpha" }, stream_state: { page: "3" } } }]);
    expect(result.stderr).toMatch(/stream\s+status\s+records\s+requests\s+seconds/);
    expect(result.stderr).toMatch(/alpha\s+succeeded\s+6\s+3\s+\d+\.\d/);
    expect(result.stderr).toMatch(/beta\s+succeeded\s+6\s+3/);
    expect(result.stderr).toMatch(/total\s+12\s+6/);
    expect(result.stderr + (await readFile(join(out, "state.json"), "utf8"))).not.toContain(SECRET);
  });

  it("a second sync resumes from the saved state (incremental, no duplicates)", async () => {
    const out = join(dir, "out2");
    const c = await config("c2");
    expect((await cli("sync", "--config", c, "--output", out)).code).toBe(0);
    await writeJson(c, { subdomain: "acme", api_token: SECRET, pages: 4 });
    const second = await cli("sync", "--config", c, "--output", out, "--streams", "alpha");
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/alpha\s+succeeded\s+2\s+1/); // only the new page was read
    expect((await readJsonl(join(out, "alpha.jsonl"))).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("a saved cursor in the future is refused (exit 2); --reset-state reads that stream again from the start", async () => {
    const out = join(dir, "out-future");
    const c = await config("c-future");
    const state = [{ type: "STREAM", stream: { stream_descriptor: { name: "alpha" }, stream_state: { page: "3", updated_at: "4102444800" } } }];
    await writeJson(join(dir, "future.json"), state);
    const refused = await cli("sync", "--config", c, "--output", out, "--streams", "alpha", "--state", join(dir, "future.json"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/"alpha": updated_at = "4102444800" \(2100-01-01T00:00:00Z\) is in the future/);
    await expect(stat(join(out, "alpha.jsonl"))).rejects.toThrow();
    const reset = await cli("sync", "--config", c, "--output", out, "--streams", "alpha", "--state", join(dir, "future.json"), "--reset-state", "alpha");
    expect(reset.code).toBe(0);
    expect((await readJsonl(join(out, "alpha.jsonl"))).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const saved = JSON.parse(await readFile(join(dir, "future.json"), "utf8"));
    expect(saved[0].stream.stream_state).toEqual({ page: "3" });
  });

  it("--full-refresh ignores the saved state and overwrites", async () => {
    const out = join(dir, "out3");
    const c = await config("c3");
    expect((await cli("sync", "--config", c, "--output", out)).code).toBe(0);
    const again = await cli("sync", "--config", c, "--output", out, "--full-refresh", "--streams", "alpha");
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/alpha\s+succeeded\s+6\s+3/);
    expect((await readJsonl(join(out, "alpha.jsonl"))).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("an opt-in stream is synced when named in --streams; --state names another state file", async () => {
    const out = join(dir, "out4");
    const statePath = join(dir, "custom-state.json");
    const result = await cli("sync", "--config", await config("c4"), "--output", out, "--streams", "gamma", "--state", statePath);
    expect(result.code).toBe(0);
    expect(await readJsonl(join(out, "gamma.jsonl"))).toHaveLength(6);
    expect(JSON.parse(await readFile(statePath, "utf8"))[0].stream.stream_descriptor.name).toBe("gamma");
  });

  it("a skipped stream is fine unless it was named in --streams", async () => {
    const c = await config("c5", { skip_streams: ["beta"] });
    const unnamed = await cli("sync", "--config", c, "--output", join(dir, "out5"));
    expect(unnamed.code).toBe(0);
    expect(unnamed.stderr).toMatch(/beta\s+skipped/);
    const named = await cli("sync", "--config", c, "--output", join(dir, "out5b"), "--streams", "alpha,beta");
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/beta\s+failed/);
    expect(named.stderr).toMatch(/You do not have access/);
  });

  it("a failing stream makes the sync exit 1; the others complete; the secret never shows", async () => {
    const out = join(dir, "out6");
    const result = await cli("sync", "--config", await config("c6", { fail_streams: ["alpha"] }), "--output", out);
    expect(result.code).toBe(1);
    expectNoStackTrace(result);
    expect(result.stderr).toMatch(/alpha\s+failed/);
    expect(result.stderr).toMatch(/beta\s+succeeded/);
    expect(result.stderr).toContain("***");
    expect(result.stderr).not.toContain(SECRET);
  });

  it("OAuth rotation rewrites the config file (mode 0600) before the new token is used", async () => {
    const c = await config("c7", { credentials: { credentials: "oauth2_refresh", refresh_token: "refresh-abc-123" } });
    const result = await cli("sync", "--config", c, "--output", join(dir, "out7"));
    expect(result.code).toBe(0);
    const saved = JSON.parse(await readFile(c, "utf8"));
    expect(saved.credentials.refresh_token).toBe("refresh-abc-123-rotated-1");
    expect((await stat(c)).mode & 0o777).toBe(0o600);
    expect(result.stderr).not.toContain("refresh-abc-123-rotated-1");
  });

  it("SIGINT: finishes the current page, saves state, exits 130; the next run completes without loss", async () => {
    const out = join(dir, "out8");
    const c = await config("c8", { pages: 40, page_delay_ms: 100, num_workers: 1 });
    let sent = false;
    const stopped = await runCli(["--plugins", FAKE_PLUGINS, "sync", "--config", c, "--output", out, "--streams", "alpha"], {
      env: { CALABI_PROGRESS_INTERVAL_MS: "100" },
      onStderr: (chunk, child) => {
        if (!sent && /alpha [1-9]\d* \(/.test(chunk)) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT received/);
    expect(stopped.stderr).toMatch(/alpha\s+stopped/);
    const state = JSON.parse(await readFile(join(out, "state.json"), "utf8"));
    const page = Number(state[0].stream.stream_state.page);
    expect(page).toBeGreaterThan(0);
    expect(page).toBeLessThan(40);
    expect((await readJsonl(join(out, "alpha.jsonl"))).length).toBe(page * 2);
    await writeJson(c, { subdomain: "acme", api_token: SECRET, pages: 40, num_workers: 1 });
    const resumed = await cli("sync", "--config", c, "--output", out, "--streams", "alpha");
    expect(resumed.code).toBe(0);
    const ids = (await readJsonl(join(out, "alpha.jsonl"))).map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it("a second SIGINT aborts at once with exit 130", async () => {
    // A page that takes 10 minutes: exiting 130 at all proves the CLI did not wait for it (no
    // wall-clock threshold, which a loaded machine's slow CLI start-up could cross).
    const pageDelayMs = 600_000;
    const c = await config("c10", { pages: 40, page_delay_ms: pageDelayMs, num_workers: 1 });
    let signals = 0;
    let secondAt = 0;
    const result = await runCli(["--plugins", FAKE_PLUGINS, "sync", "--config", c, "--output", join(dir, "out10"), "--streams", "alpha"], {
      env: { CALABI_PROGRESS_INTERVAL_MS: "100" },
      onStderr: (chunk, child) => {
        if (signals === 0 && /streams done/.test(chunk)) {
          signals++;
          child.kill("SIGINT");
        } else if (signals === 1 && /SIGINT received/.test(chunk)) {
          signals++;
          secondAt = Date.now();
          child.kill("SIGINT");
        }
      },
    });
    expect(result.code).toBe(130);
    expect(signals).toBe(2);
    expect(result.stderr).toMatch(/second SIGINT received, aborting/);
    expect(Date.now() - secondAt).toBeLessThan(pageDelayMs); // did not wait for the page
    expectNoStackTrace(result);
  });

  it("read: SIGTERM stops after the current page, with every STATE after its records, exit 130", async () => {
    const c = await config("c11", { pages: 40, page_delay_ms: 80, num_workers: 1 });
    const cat = await writeJson(join(dir, "cat11.json"), {
      streams: [{ stream: { name: "alpha" }, sync_mode: "incremental", destination_sync_mode: "append" }],
    });
    let sent = false;
    const result = await runCli(["--plugins", FAKE_PLUGINS, "read", "--config", c, "--catalog", cat], {
      onStdout: (chunk, child) => {
        if (!sent && chunk.includes('"type":"STATE"')) {
          sent = true;
          child.kill("SIGTERM");
        }
      },
    });
    expect(result.code).toBe(130);
    expectValidProtocol(result);
    const records = result.messages.filter((m) => m.type === "RECORD").length;
    const states = result.messages.filter((m) => m.type === "STATE");
    expect(records).toBeLessThan(80);
    expect(Number(states.at(-1).state.stream.stream_state.page) * 2).toBe(records);
    expect(result.messages.some((m) => m.type === "LOG" && /SIGTERM received/.test(m.log.message))).toBe(true);
  });

  it("prints periodic progress lines on a non-terminal stderr", async () => {
    const c = await config("c9", { pages: 6, page_delay_ms: 60 });
    const result = await runCli(["--plugins", FAKE_PLUGINS, "sync", "--config", c, "--output", join(dir, "out9")], {
      env: { CALABI_PROGRESS_INTERVAL_MS: "100" },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^\[\d+s\] \d\/2 streams done · [\d,]+ records · [\d,]+ requests/m);
  });
});

describe("plugins", () => {
  it("lists the plugins with version, kind and stream names", async () => {
    const result = await runCli(["--plugins", FAKE_PLUGINS, "plugins"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/@fixture\/fake-source\s+1\.2\.3\s+source\s+source "fake"/);
    expect(result.stdout).toMatch(/@fixture\/fake-streams\s+0\.9\.0\s+streams\s+streams for "fake"/);
    expect(result.stdout).toMatch(/3 streams: alpha, beta, gamma \(opt-in\)/);
    // A plugin's kernel range (its @calabi/kernel peer dependency) is shown beside its version.
    const range: string = JSON.parse(await readFile(join(CLI_ROOT, "..", "..", "packages", "destination-jsonl", "package.json"), "utf8")).peerDependencies["@calabi/kernel"];
    const escaped = range.replace(/[.^$*+?()[\]{}|\\]/g, "\\$&");
    expect(result.stdout).toMatch(new RegExp(`@calabi/destination-jsonl\\s+\\S+\\s+destination\\s+kernel ${escaped}\\s+destination "jsonl"`));
    const json = JSON.parse((await runCli(["--plugins", FAKE_PLUGINS, "plugins", "--json"])).stdout);
    expect(json.find((p: { name: string }) => p.name === "@calabi/destination-jsonl").kernel).toBe(range);
  });

  it("discovers installed plugins by keyword from the working directory and beside the CLI", async () => {
    // A project directory with the fixture plugins installed under node_modules.
    const project = await tempDir("calabi-project-");
    const { mkdir, symlink } = await import("node:fs/promises");
    await mkdir(join(project, "node_modules", "@fixture"), { recursive: true });
    await symlink(join(FIXTURES, "fake-streams"), join(project, "node_modules", "@fixture", "fake-streams"));
    await symlink(join(FIXTURES, "broken-plugin"), join(project, "node_modules", "@fixture", "broken-plugin"));
    await writeFile(join(project, "package.json"), "{}");
    const result = await runCli(["plugins", "--json"], { cwd: project });
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout);
    const names = rows.map((r: any) => r.name);
    expect(names).toContain("@fixture/fake-streams");
    expect(names).toContain("@calabi/destination-jsonl"); // beside the CLI
    const broken = rows.find((r: any) => r.name === "@fixture/broken-plugin");
    expect(broken.problem).toMatch(/not a valid Calabi plugin/);
  });
});
