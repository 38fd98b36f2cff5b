import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectNoStackTrace, expectValidProtocol, FAKE_PLUGINS, FIXTURES, ofType, runCli, tempDir, writeJson } from "./helpers.js";

const SECRET = "sekrit-XYZ-123";
let dir: string;
let config: string;
let catalog: string;

beforeAll(async () => {
  dir = await tempDir();
  config = await writeJson(join(dir, "config.json"), { subdomain: "acme", api_token: SECRET });
  catalog = await writeJson(join(dir, "catalog.json"), {
    streams: [{ stream: { name: "alpha", json_schema: {}, supported_sync_modes: ["incremental"] }, sync_mode: "incremental", destination_sync_mode: "append" }],
  });
  await writeFile(join(dir, "broken.json"), `{"subdomain": "acme", "api_token": "${SECRET}",\n  oops }`);
  await writeJson(join(dir, "array.json"), [1, 2]);
  await writeJson(join(dir, "invalid-config.json"), { subdomain: "acme", api_token: SECRET, num_workers: 99 });
  await writeJson(join(dir, "unexpected.json"), { subdomain: "acme", api_token: SECRET, unexpected_parse_error: true });
  await writeFile(join(dir, "not-json-catalog.json"), "streams: [alpha]");
  await writeJson(join(dir, "unknown-stream-catalog.json"), { streams: [{ stream: { name: "zeta" }, sync_mode: "full_refresh" }] });
  await writeJson(join(dir, "incremental-fr-catalog.json"), { streams: [{ stream: { name: "beta" }, sync_mode: "incremental" }] });
  await writeJson(join(dir, "empty-catalog.json"), { streams: [] });
  await writeFile(join(dir, "not-json-state.json"), "[{");
  await writeJson(join(dir, "global-state.json"), [{ type: "GLOBAL", global: {} }]);
  await writeJson(join(dir, "bad-shape-state.json"), [{ type: "STREAM", stream: {} }]);
  await writeFile(join(dir, "a-file"), "x");
  const alphaState = (value: unknown) => [{ type: "STREAM", stream: { stream_descriptor: { name: "alpha" }, stream_state: { updated_at: value } } }];
  await writeJson(join(dir, "future-state.json"), alphaState("4102444800"));
  await writeJson(join(dir, "negative-state.json"), alphaState("-5"));
  await writeJson(join(dir, "null-cursor-state.json"), alphaState(null));
  await writeFile(join(dir, "empty-state.json"), "");
  await writeFile(join(dir, "null-state.json"), "null");
  await mkdir(join(dir, "o-future"));
  await writeJson(join(dir, "o-future", "state.json"), alphaState("4102444800"));
  await mkdir(join(dir, "a-dir"));
});

interface BadCase {
  name: string;
  args: () => string[];
  /** What stderr must say. */
  message: RegExp;
  /** read/discover/check: a TRACE ERROR config_error on stdout as well. */
  protocol?: boolean;
  code?: number;
  plugins?: boolean;
}

const cases: BadCase[] = [
  { name: "missing config file", args: () => ["read", "--config", join(dir, "nope.json"), "--catalog", catalog], message: /Cannot read the config file .*nope\.json: it does not exist/, protocol: true },
  { name: "config that is not JSON (contents never echoed)", args: () => ["discover", "--config", join(dir, "broken.json")], message: /The config file .*broken\.json is not valid JSON \(syntax error at line 2, column 3\)/, protocol: true },
  { name: "config that is a directory", args: () => ["discover", "--config", join(dir, "a-dir")], message: /The config file .*a-dir is a directory/, protocol: true },
  { name: "config that is not an object", args: () => ["read", "--config", join(dir, "array.json"), "--catalog", catalog], message: /must contain a JSON object/, protocol: true },
  { name: "config failing the source's validation", args: () => ["discover", "--config", join(dir, "invalid-config.json")], message: /"num_workers" must be an integer from 1 to 40/, protocol: true },
  { name: "unreadable config for check", args: () => ["check", "--config", join(dir, "nope.json")], message: /Cannot read the config file/, protocol: true },
  { name: "catalog that is not JSON", args: () => ["read", "--config", config, "--catalog", join(dir, "not-json-catalog.json")], message: /The catalog file .* is not valid JSON/, protocol: true },
  { name: "catalog naming an unknown stream", args: () => ["read", "--config", config, "--catalog", join(dir, "unknown-stream-catalog.json")], message: /unknown stream "zeta"/, protocol: true },
  { name: "catalog asking incremental of a full-refresh stream", args: () => ["read", "--config", config, "--catalog", join(dir, "incremental-fr-catalog.json")], message: /stream "beta" does not support incremental sync/, protocol: true },
  { name: "catalog selecting no streams", args: () => ["read", "--config", config, "--catalog", join(dir, "empty-catalog.json")], message: /selects no streams/, protocol: true },
  { name: "state that is not JSON", args: () => ["read", "--config", config, "--catalog", catalog, "--state", join(dir, "not-json-state.json")], message: /The state file .* is not valid JSON/, protocol: true },
  { name: "GLOBAL state", args: () => ["read", "--config", config, "--catalog", catalog, "--state", join(dir, "global-state.json")], message: /state type "GLOBAL"; this connector reads per-stream state/, protocol: true },
  { name: "state element without a stream name", args: () => ["read", "--config", config, "--catalog", catalog, "--state", join(dir, "bad-shape-state.json")], message: /is not a per-stream state object/, protocol: true },
  { name: "sync state file that is not JSON", args: () => ["sync", "--config", config, "--output", join(dir, "o1"), "--state", join(dir, "not-json-state.json")], message: /The state file .* is not valid JSON/ },
  { name: "a saved cursor in the year 2100 (read)", args: () => ["read", "--config", config, "--catalog", catalog, "--state", join(dir, "future-state.json")], message: /"alpha": updated_at = "4102444800" \(2100-01-01T00:00:00Z\) is in the future.*pass --reset-state alpha/, protocol: true },
  { name: "a saved cursor in the year 2100 (sync)", args: () => ["sync", "--config", config, "--output", join(dir, "o-future")], message: /The state file .*o-future\/state\.json holds a cursor that cannot be trusted: "alpha": updated_at = "4102444800"/ },
  { name: "a negative saved cursor", args: () => ["read", "--config", config, "--catalog", catalog, "--state", join(dir, "negative-state.json")], message: /"alpha": updated_at = "-5" is not a timestamp/, protocol: true },
  { name: "a null saved cursor", args: () => ["sync", "--config", config, "--output", join(dir, "o4"), "--state", join(dir, "null-cursor-state.json")], message: /"alpha": updated_at = null is not a timestamp/ },
  { name: "an empty sync state file", args: () => ["sync", "--config", config, "--output", join(dir, "o5"), "--state", join(dir, "empty-state.json")], message: /The state file .*empty-state\.json is empty/ },
  { name: "a sync state file holding null", args: () => ["sync", "--config", config, "--output", join(dir, "o6"), "--state", join(dir, "null-state.json")], message: /The state file .*null-state\.json holds null/ },
  { name: "--reset-state naming an unknown stream", args: () => ["sync", "--config", config, "--output", join(dir, "o7"), "--reset-state", "alpah"], message: /--reset-state names unknown streams: "alpah"/ },
  { name: "unknown flag", args: () => ["read", "--config", config, "--catalog", catalog, "--frobnicate"], message: /Unknown option '--frobnicate'/, protocol: true },
  { name: "unknown command", args: () => ["frobnicate"], message: /Unknown command 'frobnicate'/ },
  { name: "missing required flag", args: () => ["sync", "--config", config], message: /Required option '--output <path>' not specified/ },
  { name: "unknown --destination", args: () => ["sync", "--config", config, "--output", join(dir, "o4"), "--destination", "parquet"], message: /No "parquet" destination plugin is installed\. Installed destinations: jsonl\. Choose one with --destination <name>/ },
  { name: "unknown stream names in --streams", args: () => ["sync", "--config", config, "--output", join(dir, "o2"), "--streams", "alpha,zeta,omega"], message: /unknown streams: "zeta", "omega"\. Available streams: alpha, beta, gamma \(opt-in\)/ },
  { name: "output directory that is a file", args: () => ["sync", "--config", config, "--output", join(dir, "a-file")], message: /The output path .*a-file is a file, not a directory/ },
  { name: "no source plugin installed", args: () => ["--plugins", "@calabi/destination-jsonl", "sync", "--config", config, "--output", join(dir, "o3")], message: /No source plugin is installed/, plugins: false },
  { name: "--plugins naming a package that is not installed", args: () => ["--plugins", "@nobody/not-there", "spec"], message: /the package @nobody\/not-there is not installed/, protocol: true, plugins: false },
  { name: "--plugins naming an invalid plugin", args: () => ["--plugins", join(FIXTURES, "broken-plugin"), "spec"], message: /@fixture\/broken-plugin@0\.0\.1 is not a valid Calabi plugin: its apiVersion is undefined/, protocol: true, plugins: false },
  { name: "--plugins naming a plugin built for another plugin API", args: () => ["--plugins", join(FIXTURES, "future-api-plugin"), "spec"], message: /@fixture\/future-api-plugin@3\.0\.0 was built for plugin API 2, but this calabi \(@calabi\/kernel \d+\.\d+\.\d+\) loads plugin API 1\. Install a release of the plugin made for this kernel/, protocol: true, plugins: false },
  { name: "--plugins naming a plugin built for an older kernel", args: () => ["--plugins", join(FIXTURES, "old-kernel-plugin"), "spec"], message: /@fixture\/old-kernel-plugin@0\.0\.9 was built for @calabi\/kernel \^0\.0\.1, but this calabi runs @calabi\/kernel \d+\.\d+\.\d+\. Install a release/, protocol: true, plugins: false },
  { name: "bad --log-level", args: () => ["--log-level", "loud", "spec"], message: /argument 'loud' is invalid\. Allowed choices are debug, info, warn, error/, protocol: true },
  { name: "bad simulator flag", args: () => ["simulator", "--fault-rate", "2"], message: /--fault-rate must be a number from 0 to 1/ },
  { name: "an unexpected error inside a plugin", args: () => ["discover", "--config", join(dir, "unexpected.json")], message: /Unexpected error: boom inside the fake source \(set CALABI_DEBUG=1 for details\)/, protocol: true, code: 1 },
];

describe("bad input: one clear paragraph, non-zero exit, no stack trace", () => {
  it.concurrent.each(cases)("$name", async (c) => {
    const args = c.plugins === false ? c.args() : ["--plugins", FAKE_PLUGINS, ...c.args()];
    const result = await runCli(args);
    expect(result.code).toBe(c.code ?? 2);
    expect(result.stderr).toMatch(c.message);
    expectNoStackTrace(result);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    if (c.protocol) {
      expectValidProtocol(result);
      const errors = ofType(result, "TRACE").filter((t) => t.trace.type === "ERROR");
      expect(errors).toHaveLength(1);
      expect(errors[0].trace.error.failure_type).toBe(c.code === 1 ? "system_error" : "config_error");
    } else {
      expect(result.stdout).toBe("");
    }
  });
});

describe("help and version", () => {
  it("--version prints the version, exit 0", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("--help lists every command, exit 0; no arguments shows help on stderr, exit 2", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["spec", "check", "discover", "read", "sync", "plugins", "simulator"]) expect(help.stdout).toContain(command);
    const helpSync = await runCli(["help", "sync"]);
    expect(helpSync.code).toBe(0);
    expect(helpSync.stdout).toMatch(/--full-refresh/);
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: calabi/);
  });
});
