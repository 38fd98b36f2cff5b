/**
 * The container image's contents, outside Docker: `image/install.sh` installs the packed CLI and
 * plugins with plain npm (as the Dockerfile does), then `entrypoint.sh` is driven through the four
 * protocol commands the way an Airbyte-style platform calls a source image, against the simulator.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "@calabi/zendesk-simulator";
import { CLI_ROOT, expectNoStackTrace, expectValidProtocol, ofType, kernelCopies, runCli, tempDir, writeJson, type CliResult } from "./helpers.js";

const REPO = resolve(CLI_ROOT, "..", "..");
let home: string;
let work: string;
let sim: Awaited<ReturnType<typeof startSimulator>>;

beforeAll(async () => {
  home = await tempDir("calabi-image-");
  work = await tempDir("calabi-image-cwd-");
  const install = spawnSync("sh", [join(REPO, "image", "install.sh"), home], { encoding: "utf8", timeout: 240_000 });
  if (install.status !== 0) throw new Error(`image/install.sh failed (${install.status ?? install.signal}): ${install.stderr}`);
  sim = await startSimulator({ seed: 5, tickets: 60, minuteMs: 500 });
  sim.advanceClock(120_000);
}, 300_000);

afterAll(async () => {
  await sim?.close();
});

/** Runs the installed entrypoint with a working directory outside the repository, as a container would. */
function entrypoint(args: string[]): Promise<CliResult> {
  return runCli(args, { command: ["sh", join(home, "entrypoint.sh")], cwd: work, cleanEnv: true });
}

describe("the image's entrypoint (outside Docker, on the installed tree)", () => {
  it("has exactly one copy of @calabi/kernel", () => {
    expect(kernelCopies(home).size).toBe(1);
  });

  it("spec → check → discover → read, as a platform calls them", async () => {
    const spec = await entrypoint(["spec"]);
    expect(spec.code).toBe(0);
    expectValidProtocol(spec);
    expect(ofType(spec, "SPEC")[0].spec.connectionSpecification.required).toContain("subdomain");

    const config = await writeJson(join(work, "config.json"), {
      subdomain: "d3v-calabi",
      base_url: sim.url,
      credentials: { credentials: "api_token", email: "image@example.com", api_token: "image-token-1" },
    });
    const check = await entrypoint(["check", "--config", config]);
    expect(check.code).toBe(0);
    expect(ofType(check, "CONNECTION_STATUS")[0].connectionStatus.status).toBe("SUCCEEDED");

    const discover = await entrypoint(["discover", "--config", config]);
    expect(discover.code).toBe(0);
    const streams = ofType(discover, "CATALOG")[0].catalog.streams as { name: string; supported_sync_modes: string[] }[];
    expect(streams.map((s) => s.name)).toEqual(expect.arrayContaining(["tickets", "users", "articles", "posts"]));

    const selected = streams.filter((s) => ["tickets", "groups"].includes(s.name));
    const catalog = await writeJson(join(work, "catalog.json"), {
      streams: selected.map((stream) => {
        const incremental = stream.supported_sync_modes.includes("incremental");
        return { stream, sync_mode: incremental ? "incremental" : "full_refresh", destination_sync_mode: incremental ? "append_dedup" : "overwrite" };
      }),
    });
    const read = await entrypoint(["read", "--config", config, "--catalog", catalog]);
    expect(read.code, read.stderr).toBe(0);
    expectValidProtocol(read);
    expectNoStackTrace(read);
    const records = ofType(read, "RECORD");
    // Deleted tickets arrive as records with Airbyte's _ab_cdc_deleted_at set, for the platform to apply.
    const ticketRecords = records.filter((m) => m.record.stream === "tickets");
    const tickets = ticketRecords.filter((m) => m.record.data._ab_cdc_deleted_at === undefined).map((m) => m.record.data.id).sort((a, b) => a - b);
    expect(tickets).toEqual(sim.groundTruth("tickets").map((t: any) => t.id).sort((a: number, b: number) => a - b));
    expect(ticketRecords.filter((m) => m.record.data._ab_cdc_deleted_at !== undefined).every((m) => m.record.data.status === "deleted")).toBe(true);
    expect(records.filter((m) => m.record.stream === "groups")).toHaveLength(sim.groundTruth("groups").length);
    const states = ofType(read, "STATE").filter((m) => m.state.stream.stream_descriptor.name === "tickets");
    expect(states.length).toBeGreaterThan(0);

    // The next read resumes from the platform's saved state.
    const state = await writeJson(join(work, "state.json"), [states[states.length - 1].state]);
    const again = await entrypoint(["read", "--config", config, "--catalog", catalog, "--state", state]);
    expect(again.code, again.stderr).toBe(0);
    expect(ofType(again, "RECORD").filter((m) => m.record.stream === "tickets").length).toBeLessThan(tickets.length);
  });
});
