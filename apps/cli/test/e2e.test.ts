/**
 * End-to-end: the BUILT CLI (`node bin/calabi.js`) with the real plugins installed beside it
 * (@calabi/auth-zendesk, @calabi/streams-support, @calabi/destination-jsonl), against the real
 * @calabi/zendesk-simulator served on a loopback port (in this test process, so the test can read
 * ground truth, mutate the account, inject faults and read the request log).
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expectNoStackTrace, expectValidProtocol, ofType, readJsonl, runCli, tempDir, writeJson, type CliResult } from "./helpers.js";

const STREAMS = ["groups", "organizations", "tags", "tickets", "users"] as const;
type StreamName = (typeof STREAMS)[number];

type Sim = {
  url: string;
  account: any;
  groundTruth(stream: string): any[];
  requests(): { seq: number; method: string; path: string; status: number; fault: string | null }[];
  setFaults(options: unknown): void;
  advanceClock(ms: number): void;
  close(): Promise<void>;
};

const simulatorModule: { startSimulator(options: unknown): Promise<Sim> } | undefined = await import(
  "@calabi/zendesk-simulator"
).catch(() => undefined);
const streamsReady = await import("@calabi/streams-support").then(() => true).catch(() => false);
// Outside CI these tests skip when the simulator or the Support streams are not built yet; in CI
// (CI=true) they always run, so a missing build fails loudly instead of skipping.
const ready = (Boolean(simulatorModule?.startSimulator) && streamsReady) || Boolean(process.env.CI);

const running: Sim[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close().catch(() => undefined)));
});

async function startSim(options: Record<string, unknown>): Promise<Sim> {
  const sim = await simulatorModule!.startSimulator({ seed: 11, tickets: 400, minuteMs: 500, ...options });
  running.push(sim);
  // Incremental exports hide the last minute: move past it so every generated record is visible.
  sim.advanceClock(120_000);
  return sim;
}

const apiTokenCredentials = (token = "e2e-token-000") => ({ credentials: "api_token", email: "e2e@example.com", api_token: token });

async function configFile(dir: string, sim: Sim, credentials: Record<string, unknown>, name = "config.json"): Promise<string> {
  return writeJson(join(dir, name), { subdomain: "d3v-calabi", base_url: sim.url, credentials }, 0o600);
}

// The five streams named explicitly: other stream plugins may be installed beside the CLI.
const STREAM_LIST = STREAMS.join(",");
const sync = (config: string, output: string, ...extra: string[]) =>
  runCli(["sync", "--config", config, "--output", output, "--streams", STREAM_LIST, ...extra], {
    env: { CALABI_PROGRESS_INTERVAL_MS: "1000" },
  });

const keyOf = (stream: StreamName) => (stream === "tags" ? "name" : "id");

async function output(dir: string, stream: StreamName): Promise<any[]> {
  return readJsonl(join(dir, `${stream}.jsonl`));
}

/** Output equals ground truth: same keys, no duplicates, newest version of each record. */
async function expectGroundTruth(sim: Sim, dir: string): Promise<void> {
  for (const stream of STREAMS) {
    const key = keyOf(stream);
    const records = await output(dir, stream);
    const keys = records.map((r) => r[key]);
    expect(new Set(keys).size, `${stream}: duplicates in output`).toBe(keys.length);
    const truth = sim.groundTruth(stream);
    const sortKey = (a: any, b: any) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);
    const got = records.map((r) => [r[key], r.updated_at ?? r.count]).sort((a, b) => sortKey({ [key]: a[0] }, { [key]: b[0] }));
    const want = truth.map((r) => [r[key], r.updated_at ?? r.count]).sort((a, b) => sortKey({ [key]: a[0] }, { [key]: b[0] }));
    expect(got.length, `${stream}: record count`).toBe(want.length);
    expect(got, `${stream}: keys and versions`).toEqual(want);
  }
}

/** Successful API requests per stream, from the simulator's request log. */
function requestsPerStream(sim: Sim, fromSeq = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of sim.requests()) {
    if (r.seq < fromSeq || r.status !== 200 || !r.path.startsWith("/api/v2/")) continue;
    const stream = /\/api\/v2\/(?:incremental\/)?([a-z_]+)/.exec(r.path)?.[1] ?? r.path;
    counts[stream] = (counts[stream] ?? 0) + 1;
  }
  return counts;
}

async function allOutputText(dir: string): Promise<string> {
  let text = "";
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if ((await stat(path)).isFile()) text += await readFile(path, "utf8");
  }
  return text;
}

function expectClean(result: CliResult): void {
  expectNoStackTrace(result);
  expect(result.stdout).toBe("");
}

describe.skipIf(!ready)("end to end: built CLI + real plugins + simulator", () => {
  it("(a) a full sync equals the ground truth; (b) after mutations a second sync resumes from state and ends with the newest versions", async () => {
    const sim = await startSim({});
    const dir = await tempDir("calabi-e2e-");
    const out = join(dir, "out");
    const config = await configFile(dir, sim, apiTokenCredentials());

    const first = await sync(config, out);
    expect(first.code, first.stderr).toBe(0);
    expectClean(first);
    expect(first.stderr).toMatch(/tickets\s+succeeded/);
    await expectGroundTruth(sim, out);
    const state = JSON.parse(await readFile(join(out, "state.json"), "utf8"));
    const ticketsCursor = state.find((s: any) => s.stream.stream_descriptor.name === "tickets").stream.stream_state.generated_timestamp;
    expect(Number(ticketsCursor)).toBeGreaterThan(0);

    // (b) mutations: updates, creations and a deleted ticket.
    const account = sim.account;
    const updated = [account.pickId("tickets", 1), account.pickId("tickets", 2), account.pickId("tickets", 3)];
    for (const id of updated) account.updateTicket(id, { subject: `updated by e2e ${id}` });
    const created = [account.createTicket({ subject: "created by e2e" }).id, account.createTicket({ subject: "another" }).id];
    const deleted = account.pickId("tickets", 9);
    account.deleteTicket(deleted);
    account.updateUser(account.pickId("users", 1), { name: "Renamed By E2e" });
    account.createUser({ name: "New E2e User" });
    account.updateOrganization(account.pickId("organizations", 1), { notes: "changed" });
    account.createOrganization({ name: "E2e Org" });
    account.updateGroup(account.pickId("groups", 1), { name: "E2e Group" });
    sim.advanceClock(120_000);
    const before = sim.requests().length ? sim.requests().at(-1)!.seq + 1 : 0;

    const second = await sync(config, out);
    expect(second.code, second.stderr).toBe(0);
    expectClean(second);
    // It resumed: the tickets export started at the saved cursor, not at the start date.
    const ticketRequest = sim.requests().find((r) => r.seq >= before && r.path.includes("/incremental/tickets/cursor.json"));
    expect(new URL(ticketRequest!.path, sim.url).searchParams.get("start_time")).toBe(ticketsCursor);
    // The export reports the deletion, so the deleted ticket is gone; every other record is the newest version.
    await expectGroundTruth(sim, out);
    const tickets = await output(out, "tickets");
    expect(tickets.some((t) => t.id === deleted)).toBe(false);
    for (const id of updated) expect(tickets.find((t) => t.id === id)?.subject).toBe(`updated by e2e ${id}`);
    for (const id of created) expect(tickets.some((t) => t.id === id)).toBe(true);
    expect((await output(out, "users")).find((u) => u.name === "Renamed By E2e")).toBeDefined();
  });

  it("(c) with 20% injected faults (429, 5xx, resets, truncated bodies) the result is identical", async () => {
    const sim = await startSim({});
    sim.setFaults({
      rate: 0.2,
      script: [
        { kind: "429", path: "/api/v2/tags" },
        { kind: "500", path: "/api/v2/groups" },
        { kind: "502", path: "/incremental/users" },
        { kind: "503", path: "/incremental/organizations" },
        { kind: "504", path: "/incremental/tickets" },
        { kind: "reset", path: "/incremental/tickets" },
        { kind: "truncate", path: "/incremental/users" },
      ],
    });
    const dir = await tempDir("calabi-e2e-faults-");
    const out = join(dir, "out");
    const result = await sync(await configFile(dir, sim, apiTokenCredentials()), out);
    expect(result.code, result.stderr).toBe(0);
    expectClean(result);
    const faults = sim.requests().filter((r) => r.fault);
    for (const kind of ["429", "500", "502", "503", "504", "reset", "truncate"]) {
      expect(faults.some((f) => f.fault === kind), `fault ${kind} injected`).toBe(true);
    }
    expect(faults.length).toBeGreaterThanOrEqual(7);
    await expectGroundTruth(sim, out);
  });

  it("(d) SIGKILL in the middle of a sync, then the same command: nothing lost, at most one page per stream read twice and one read ahead", async () => {
    const sim = await startSim({ tickets: 2500 });
    const dir = await tempDir("calabi-e2e-kill-");
    const out = join(dir, "out");
    const config = await configFile(dir, sim, apiTokenCredentials());

    // Baseline: requests per stream of an uninterrupted sync of the same account.
    const baselineOut = join(dir, "baseline");
    const baselineStart = sim.requests().length;
    expect((await sync(config, baselineOut)).code).toBe(0);
    const baseline = requestsPerStream(sim, baselineStart);

    // Slow every request so the kill lands mid-stream, once a tickets page was committed (with
    // read-ahead the next page is requested before that, so the request log cannot tell).
    sim.setFaults({ rate: 1, kinds: ["slow"], slowMs: 150 });
    const killStart = sim.requests().at(-1)!.seq + 1;
    let killed = false;
    const committed = async (stream: string) => {
      const text = await readFile(join(out, "state.json"), "utf8").catch(() => "[]");
      try {
        return (JSON.parse(text) as any[]).some((s) => s?.stream?.stream_descriptor?.name === stream);
      } catch {
        return false;
      }
    };
    const interrupted = await runCli(["sync", "--config", config, "--output", out, "--streams", STREAM_LIST], {
      onSpawn: (child) => {
        const poll = setInterval(async () => {
          if (!killed && (await committed("tickets")) && !killed) {
            killed = true;
            clearInterval(poll);
            child.kill("SIGKILL");
          }
        }, 20);
        child.once("exit", () => clearInterval(poll));
      },
    });
    expect(killed).toBe(true);
    expect(interrupted.signal).toBe("SIGKILL");
    sim.setFaults({ rate: 0 });
    // Killed after the first tickets checkpoint: the state is on disk.
    const afterKill = JSON.parse(await readFile(join(out, "state.json"), "utf8"));
    expect(afterKill.map((s: any) => s.stream.stream_descriptor.name)).toContain("tickets");

    const resumeStart = sim.requests().at(-1)!.seq + 1;
    const resumed = await sync(config, out);
    expect(resumed.code, resumed.stderr).toBe(0);
    await expectGroundTruth(sim, out);

    // Resumable (server-side incremental) streams: the killed run plus the resumed run read at most
    // two pages more than an uninterrupted sync: the page after the last checkpoint is read again,
    // and these exports read one page ahead, which the kill may leave unwritten. (tags is full
    // refresh and groups client-side incremental: both re-read their whole collection on every
    // sync by design.)
    const bothRuns = requestsPerStream(sim, killStart);
    for (const stream of ["tickets", "users", "organizations"]) {
      expect(bothRuns[stream] ?? 0, `${stream}: pages read in total (baseline ${baseline[stream]})`).toBeLessThanOrEqual(baseline[stream] + 2);
    }
    expect(resumeStart).toBeGreaterThan(killStart);
    // ...and the resumed run started from that checkpoint instead of from the beginning.
    expect(requestsPerStream(sim, resumeStart).tickets).toBeLessThan(baseline.tickets);
  });

  it("SIGINT while a stream waits on the rate limit stops at once (the wait is aborted, not sat out); state stays behind the data", async () => {
    // A ten-minute "minute" with two export requests per window: the third export request must wait
    // for minutes, so exiting 130 at all (well inside the test's time-out) proves the wait was
    // aborted — no wall-clock threshold that a loaded machine could cross.
    const minuteMs = 600_000;
    const sim = await startSim({ minuteMs, rateLimits: { incremental: 2 } });
    const dir = await tempDir("calabi-e2e-stop-");
    const out = join(dir, "out");
    const config = await configFile(dir, sim, apiTokenCredentials());
    let sent = false;
    const stopped = await runCli(["sync", "--config", config, "--output", out, "--streams", "tickets,users,organizations"], {
      env: { CALABI_PROGRESS_INTERVAL_MS: "100" },
      onStderr: (chunk, child) => {
        if (!sent && /waiting \d+s on "incremental-exports"|Waiting [\d.]+ s for the "incremental-exports" rate limit/.test(chunk)) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(sent, stopped.stderr).toBe(true);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/\bstopped\b/);
    expectNoStackTrace(stopped);
    // Every saved state is for data on disk: each stream with a state has its records.
    const states = JSON.parse(await readFile(join(out, "state.json"), "utf8").catch(() => "[]"));
    for (const s of states) {
      const name = s.stream.stream_descriptor.name as StreamName;
      expect((await output(out, name)).length, name).toBe(sim.groundTruth(name).length);
    }
  });

  it("(e) OAuth refresh with rotation across a sync longer than the token's life; (g) read emits a CONTROL message on rotation", async () => {
    // Tokens live 130 simulated seconds; mid-sync the simulator's clock jumps 10 minutes, so the
    // access token dies while the connector still believes it valid: 401 invalid_token → refresh.
    const sim = await startSim({
      credentials: { oauthClients: [{ clientId: "e2e-client", clientSecret: "e2e-client-secret", refreshToken: "rt-initial-0001" }] },
      maxAccessTokenTtlSeconds: 130,
    });
    sim.setFaults({ rate: 1, kinds: ["slow"], slowMs: 150, paths: "/api/v2/" });
    const dir = await tempDir("calabi-e2e-oauth-");
    const oauth = { credentials: "oauth2_refresh", client_id: "e2e-client", client_secret: "e2e-client-secret", refresh_token: "rt-initial-0001" };
    const config = await configFile(dir, sim, oauth);
    const startSeq = sim.requests().at(-1)?.seq ?? 0;
    let jumped = false;
    const result = await runCli(["sync", "--config", config, "--output", join(dir, "out"), "--streams", STREAM_LIST], {
      onSpawn: (child) => {
        const poll = setInterval(() => {
          const served = sim.requests().filter((r) => r.seq > startSeq && r.status === 200 && r.path.startsWith("/api/v2/")).length;
          if (served >= 2 && !jumped) {
            jumped = true;
            clearInterval(poll);
            sim.advanceClock(600_000);
          }
        }, 10);
        child.once("exit", () => clearInterval(poll));
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(jumped).toBe(true);
    expectClean(result);
    const log = sim.requests().filter((r) => r.seq > startSeq);
    expect(log.some((r) => r.status === 401 && r.path.startsWith("/api/v2/"))).toBe(true); // the token did expire mid-sync
    const refreshes = log.filter((r) => r.method === "POST" && r.path.includes("/oauth/tokens") && r.status >= 200 && r.status < 300);
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    const saved = JSON.parse(await readFile(config, "utf8"));
    expect(saved.credentials.refresh_token).not.toBe("rt-initial-0001");
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    expect(result.stderr).not.toContain(saved.credentials.refresh_token);
    sim.setFaults({ rate: 0 });
    await expectGroundTruth(sim, join(dir, "out"));

    // (g) read with the rotated config: valid protocol only, CONTROL carrying the next refresh token.
    const discover = await runCli(["discover", "--config", config]);
    expect(discover.code).toBe(0);
    const catalog = {
      streams: ofType(discover, "CATALOG")[0].catalog.streams.filter((s: any) => (STREAMS as readonly string[]).includes(s.name)).map((s: any) => ({
        stream: s,
        sync_mode: s.supported_sync_modes.includes("incremental") ? "incremental" : "full_refresh",
        destination_sync_mode: s.supported_sync_modes.includes("incremental") ? "append_dedup" : "overwrite",
      })),
    };
    const catalogPath = await writeJson(join(dir, "catalog.json"), catalog);
    // Without an access token the connector must refresh (and rotate) before its first request.
    const refreshOnly = await writeJson(
      join(dir, "refresh-only.json"),
      { ...saved, credentials: { ...oauth, refresh_token: saved.credentials.refresh_token } },
      0o600,
    );
    const read = await runCli(["read", "--config", refreshOnly, "--catalog", catalogPath]);
    expect(read.code, read.stderr).toBe(0);
    expectValidProtocol(read);
    const controls = ofType(read, "CONTROL");
    expect(controls.length).toBeGreaterThanOrEqual(1);
    const rotated = controls.at(-1).control.connectorConfig.config;
    expect(rotated.credentials.refresh_token).not.toBe(saved.credentials.refresh_token);
    // Deleted tickets arrive as records with Airbyte's _ab_cdc_deleted_at set (the platform applies them).
    const ticketRecords = ofType(read, "RECORD").filter((r) => r.record.stream === "tickets");
    const live = ticketRecords.filter((r) => r.record.data._ab_cdc_deleted_at === undefined);
    expect(live).toHaveLength(sim.groundTruth("tickets").length);
    const deletedInAccount = [...sim.account.tickets.byId.values()].filter((t: any) => t.status === "deleted").length;
    expect(deletedInAccount).toBeGreaterThan(0);
    expect(ticketRecords.length - live.length).toBe(deletedInAccount);
    // The rotated config from the CONTROL message is the one that works now.
    sim.setFaults({ rate: 0 });
    const check = await runCli(["check", "--config", await writeJson(join(dir, "rotated.json"), rotated, 0o600)]);
    expect(ofType(check, "CONNECTION_STATUS")[0].connectionStatus.status).toBe("SUCCEEDED");
    const stale = await runCli(["check", "--config", config]);
    expect(ofType(stale, "CONNECTION_STATUS")[0].connectionStatus.status).toBe("FAILED");
  });

  it("(f) a distinctive secret never appears in stdout, stderr, the state file or output, also when requests fail with 401", async () => {
    const secret = "sekrit-XYZ-123";
    const sim = await startSim({ credentials: { apiTokens: [{ email: "e2e@example.com", token: secret }] } });
    const dir = await tempDir("calabi-e2e-secret-");
    const basic = Buffer.from(`e2e@example.com/token:${secret}`).toString("base64");
    const forms = [secret, basic, Buffer.from(secret).toString("base64")];
    const expectNoSecret = (text: string) => {
      for (const form of forms) expect(text).not.toContain(form);
    };

    const good = await sync(await configFile(dir, sim, apiTokenCredentials(secret)), join(dir, "good"), "--log-level", "debug");
    expect(good.code, good.stderr).toBe(0);
    expectNoSecret(good.stdout + good.stderr + (await allOutputText(join(dir, "good"))));

    // The simulator accepts only `secret`: the same secret with another email fails with 401.
    const wrongConfig = await writeJson(
      join(dir, "wrong.json"),
      { subdomain: "d3v-calabi", base_url: sim.url, credentials: { credentials: "api_token", email: "other@example.com", api_token: secret } },
      0o600,
    );
    const bad = await sync(wrongConfig, join(dir, "bad"), "--log-level", "debug");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/401|unauthori[sz]ed|credentials|token/i);
    expectNoStackTrace(bad);
    expectNoSecret(bad.stdout + bad.stderr + (await allOutputText(join(dir, "bad")).catch(() => "")));
    const check = await runCli(["check", "--config", wrongConfig]);
    expect(ofType(check, "CONNECTION_STATUS")[0]?.connectionStatus.status, check.stdout + check.stderr).toBe("FAILED");
    expectNoSecret(check.stdout + check.stderr);
    const catalogPath = await writeJson(join(dir, "catalog.json"), {
      streams: [{ stream: { name: "users" }, sync_mode: "incremental", destination_sync_mode: "append_dedup" }],
    });
    const read = await runCli(["--log-level", "debug", "read", "--config", wrongConfig, "--catalog", catalogPath]);
    expect(read.code).toBe(1);
    expectValidProtocol(read);
    expectNoSecret(read.stdout + read.stderr);
    const requests = sim.requests().filter((r) => r.status === 401);
    expect(requests.length).toBeGreaterThan(0);
    void writeFile;
  });

  it("calabi simulator prints its base URL first, serves the API, and stops on SIGTERM", async () => {
    let url = "";
    let served: number | undefined;
    const result = await runCli(["simulator", "--port", "0", "--tickets", "20", "--seed", "5", "--minute-ms", "1000"], {
      onStdout: (chunk, child) => {
        if (url) return;
        url = chunk.split("\n")[0].trim();
        const auth = Buffer.from("demo@example.com/token:demo-token").toString("base64");
        void fetch(`${url}/api/v2/tags`, { headers: { authorization: `Basic ${auth}` } })
          .then((response) => {
            served = response.status;
          })
          .finally(() => child.kill("SIGTERM"));
      },
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served).toBe(200);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([url]);
    expectNoStackTrace(result);
  });
});
