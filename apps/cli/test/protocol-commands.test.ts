import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectNoStackTrace, expectValidProtocol, FAKE_PLUGINS, ofType, runCli, tempDir, writeJson } from "./helpers.js";

const SECRET = "sekrit-XYZ-123";
let dir: string;
let config: string;

const catalog = (streams: [string, "incremental" | "full_refresh"][]) => ({
  streams: streams.map(([name, mode]) => ({
    stream: { name, json_schema: {}, supported_sync_modes: ["full_refresh", "incremental"] },
    sync_mode: mode,
    destination_sync_mode: mode === "incremental" ? "append_dedup" : "overwrite",
  })),
});

beforeAll(async () => {
  dir = await tempDir();
  config = await writeJson(join(dir, "config.json"), { subdomain: "acme", api_token: SECRET });
});

const cli = (...args: string[]) => runCli(["--plugins", FAKE_PLUGINS, ...args]);

describe("protocol commands (fixture plugins)", () => {
  it("spec prints one valid SPEC message", async () => {
    const result = await cli("spec");
    expect(result.code).toBe(0);
    expectValidProtocol(result);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].type).toBe("SPEC");
    expect(result.messages[0].spec.connectionSpecification.required).toContain("subdomain");
  });

  it("check succeeds with a CONNECTION_STATUS SUCCEEDED", async () => {
    const result = await cli("check", "--config", config);
    expect(result.code).toBe(0);
    expectValidProtocol(result);
    expect(ofType(result, "CONNECTION_STATUS")).toEqual([{ type: "CONNECTION_STATUS", connectionStatus: { status: "SUCCEEDED" } }]);
  });

  it("check reports a rejected token as FAILED in plain words, exit 0", async () => {
    const bad = await writeJson(join(dir, "wrong.json"), { subdomain: "acme", api_token: "wrong-token" });
    const result = await cli("check", "--config", bad);
    expect(result.code).toBe(0);
    expectValidProtocol(result);
    const [status] = ofType(result, "CONNECTION_STATUS");
    expect(status.connectionStatus.status).toBe("FAILED");
    expect(status.connectionStatus.message).toMatch(/API token for acme was rejected/);
    expect(result.stdout + result.stderr).not.toContain("wrong-token");
  });

  it("check with a config that fails validation is a FAILED status naming the field, exit 0", async () => {
    const bad = await writeJson(join(dir, "invalid.json"), { api_token: SECRET });
    const result = await cli("check", "--config", bad);
    expect(result.code).toBe(0);
    expectValidProtocol(result);
    const [status] = ofType(result, "CONNECTION_STATUS");
    expect(status.connectionStatus).toMatchObject({ status: "FAILED", message: expect.stringMatching(/"subdomain" is required/) });
  });

  it("discover lists every stream of the stream plugins in one CATALOG", async () => {
    const result = await cli("discover", "--config", config);
    expect(result.code).toBe(0);
    expectValidProtocol(result);
    const [message] = ofType(result, "CATALOG");
    expect(message.catalog.streams.map((s: any) => s.name)).toEqual(["alpha", "beta", "gamma"]);
    const alpha = message.catalog.streams[0];
    expect(alpha.supported_sync_modes).toEqual(["full_refresh", "incremental"]);
    expect(alpha.default_cursor_field).toEqual(["updated_at"]);
  });

  it("read emits only valid protocol messages, every STATE after its records", async () => {
    const cat = await writeJson(join(dir, "catalog.json"), catalog([["alpha", "incremental"], ["beta", "full_refresh"]]));
    const result = await cli("read", "--config", config, "--catalog", cat);
    expect(result.code).toBe(0);
    expectValidProtocol(result);
    const records = ofType(result, "RECORD");
    expect(records.filter((r) => r.record.stream === "alpha")).toHaveLength(6);
    expect(records.filter((r) => r.record.stream === "beta")).toHaveLength(6);
    // State after data: each alpha STATE counts exactly the alpha records since the previous one.
    let seen = 0;
    const states: string[] = [];
    for (const m of result.messages) {
      if (m.type === "RECORD" && m.record.stream === "alpha") seen++;
      if (m.type === "STATE") {
        expect(m.state.stream.stream_descriptor.name).toBe("alpha");
        expect(m.state.sourceStats.recordCount).toBe(2);
        expect(seen).toBe(Number(m.state.stream.stream_state.page) * 2);
        states.push(m.state.stream.stream_state.page);
      }
    }
    expect(states).toEqual(["1", "2", "3"]);
    const statuses = ofType(result, "TRACE").map((t) => `${t.trace.stream_status?.stream_descriptor.name}:${t.trace.stream_status?.status}`);
    expect(statuses).toContain("alpha:COMPLETE");
    expect(statuses).toContain("beta:COMPLETE");
    expect(result.stdout).not.toContain(SECRET);
  });

  it("read --state resumes after the saved page; logs are LOG messages on stdout", async () => {
    const cat = await writeJson(join(dir, "catalog-alpha.json"), catalog([["alpha", "incremental"]]));
    const state = await writeJson(join(dir, "state.json"), [
      { type: "STREAM", stream: { stream_descriptor: { name: "alpha" }, stream_state: { page: "2" } } },
    ]);
    const result = await cli("--log-level", "debug", "read", "--config", config, "--catalog", cat, "--state", state);
    expect(result.code).toBe(0);
    expectValidProtocol(result);
    expect(ofType(result, "RECORD").map((r) => r.record.data.id)).toEqual([5, 6]);
    const logs = ofType(result, "LOG").map((l) => l.log.message);
    expect(logs).toContain("read page 2 of alpha");
    expect(logs.some((l) => /alpha done/.test(l))).toBe(true);
    expect(result.stderr).toBe("");
  });

  it("read emits a CONTROL message with the rotated config before the new token is used", async () => {
    const oauth = await writeJson(join(dir, "oauth.json"), {
      subdomain: "acme",
      api_token: SECRET,
      credentials: { credentials: "oauth2_refresh", refresh_token: "refresh-one-2345" },
    });
    const cat = await writeJson(join(dir, "catalog-alpha2.json"), catalog([["alpha", "incremental"]]));
    const result = await cli("read", "--config", oauth, "--catalog", cat);
    expect(result.code).toBe(0);
    expectValidProtocol(result);
    const types = result.messages.map((m) => m.type);
    const control = types.indexOf("CONTROL");
    expect(control).toBeGreaterThanOrEqual(0);
    expect(control).toBeLessThan(types.indexOf("RECORD"));
    expect(result.messages[control].control.connectorConfig.config.credentials.refresh_token).toBe("refresh-one-2345-rotated-1");
  });

  it("read: a failing stream is a TRACE ERROR (secret redacted), the others complete, exit 1", async () => {
    const failing = await writeJson(join(dir, "failing.json"), { subdomain: "acme", api_token: SECRET, fail_streams: ["beta"] });
    const cat = await writeJson(join(dir, "catalog-both.json"), catalog([["alpha", "incremental"], ["beta", "full_refresh"]]));
    const result = await cli("read", "--config", failing, "--catalog", cat);
    expect(result.code).toBe(1);
    expectValidProtocol(result);
    expectNoStackTrace(result);
    const errors = ofType(result, "TRACE").filter((t) => t.trace.type === "ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0].trace.error.message).toMatch(/Stream "beta" failed: GET \/beta answered 401/);
    expect(errors[0].trace.error.message).toContain("***");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(ofType(result, "RECORD").filter((r) => r.record.stream === "alpha")).toHaveLength(6);
  });
});
