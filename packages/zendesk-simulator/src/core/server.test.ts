import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { setupServer } from "msw/node";
import { describe, expect, it } from "vitest";
import { createHandlers } from "./routing.js";
import { Simulator } from "./simulator.js";
import { call, ANCHOR, BASIC } from "../__tests__/helpers.js";
import { parseSimulatorArgs, runSimulatorCommand } from "../cli/command.js";

describe("in-process msw handlers", () => {
  it("serve global fetch on the account origin", async () => {
    const sim = new Simulator({ tickets: 10, anchor: ANCHOR });
    const server = setupServer(...createHandlers(sim));
    server.listen({ onUnhandledRequest: "bypass" });
    try {
      const r = await fetch("https://acme.zendesk.com/api/v2/tags.json?page[size]=2", { headers: { authorization: BASIC } });
      expect(r.status).toBe(200);
      const body = (await r.json()) as any;
      expect(body.links.next.startsWith("https://acme.zendesk.com/api/v2/tags.json?page%5Bafter%5D=")).toBe(true);
      expect(r.headers.get("x-zendesk-api-version")).toBe("v2");
    } finally {
      server.close();
    }
  });

  it("is deterministic: same seed and anchor, same records", () => {
    const a = new Simulator({ tickets: 50, seed: 9, anchor: ANCHOR });
    const b = new Simulator({ tickets: 50, seed: 9, anchor: ANCHOR });
    const c = new Simulator({ tickets: 50, seed: 10, anchor: ANCHOR });
    expect(a.groundTruth("tickets")).toEqual(b.groundTruth("tickets"));
    expect(a.groundTruth("users")).toEqual(b.groundTruth("users"));
    expect(a.groundTruth("tickets")).not.toEqual(c.groundTruth("tickets"));
  });
});

describe("command", () => {
  it("parses flags", () => {
    expect(parseSimulatorArgs(["--port", "0", "--seed", "1", "--tickets", "500", "--plan", "enterprise", "--minute-ms", "60000", "--fault-rate", "0"])).toEqual({
      port: 0,
      seed: 1,
      tickets: 500,
      plan: "enterprise",
      minuteMs: 60000,
      faults: { rate: 0, kinds: undefined },
    });
    expect(parseSimulatorArgs(["--api-token", "a@b.c:tok"]).credentials).toEqual({ apiTokens: [{ email: "a@b.c", token: "tok" }], oauthClients: [] });
  });

  it("runSimulatorCommand prints only the URL on stdout", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const { simulator } = await runSimulatorCommand(["--tickets", "5", "--anchor", ANCHOR], { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, false);
    try {
      expect(out).toEqual([simulator!.url]);
      expect((await call(simulator!.url, "/__sim/health")).body.ok).toBe(true);
    } finally {
      await simulator!.close();
    }
  });

  const bin = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
  // Skips outside CI when dist/ is not built yet (`pnpm build`); in CI (CI=true) a missing build fails.
  it.skipIf(!existsSync(bin) && !process.env.CI).each(["SIGTERM", "SIGINT"] as const)("dist/bin.js prints the base URL first and exits 0 on %s", async (signal) => {
    const child = spawn(process.execPath, [bin, "--port", "0", "--seed", "1", "--tickets", "20"], { stdio: ["ignore", "pipe", "pipe"] });
    const rl = createInterface({ input: child.stdout! });
    const url = await new Promise<string>((resolve, reject) => {
      rl.once("line", resolve);
      child.once("exit", (code) => reject(new Error(`exited ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await call(url, "/api/v2/users/me.json");
    expect(r.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill(signal);
    expect(await exited).toBe(0);
  });
});
