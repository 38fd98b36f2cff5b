/**
 * Out-of-process use, the way end-to-end tests and the demo drive the
 * simulator: start the built command, then only HTTP — sync the tickets
 * export, mutate through /__sim/, move the clock, resume from the saved
 * cursor, and compare with /__sim/ground-truth.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { call, walk } from "./__tests__/helpers.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
// Skips outside CI when the package is not built yet (`pnpm build`); in CI (CI=true) it always runs,
// so a missing build fails instead of skipping.
const built = existsSync(bin) || Boolean(process.env.CI);

describe.skipIf(!built)("out-of-process simulator", () => {
  it("incremental sync + mutations + resume equals the ground truth", async () => {
    const child = spawn(process.execPath, [bin, "--seed", "4", "--tickets", "150", "--minute-ms", "1000"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`exited ${code}`)));
      });
      const get = (p: string) => call(url, p);
      const byId = new Map<number, any>();
      const sync = async (first: string) => {
        const pages = await walk(get, first, (b) => b.after_url, (b) => b.end_of_stream);
        for (const t of pages.flatMap((p) => p.tickets)) byId.set(t.id, t);
        return pages[pages.length - 1].after_url as string;
      };
      let resume = await sync("/api/v2/incremental/tickets/cursor.json?start_time=0&exclude_deleted=true&per_page=40");

      const post = (path: string, body: unknown, method = "POST") => call(url, path, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const created = (await post("/__sim/records/tickets", { subject: "New one" })).body.record;
      await post("/__sim/records/tickets/3", { status: "solved" }, "PATCH");
      await call(url, "/__sim/records/tickets/4", { method: "DELETE" });
      await post("/__sim/clock/advance", { seconds: 61 });

      resume = await sync(resume);
      expect(resume).toContain("cursor=");
      const truth = (await get("/__sim/ground-truth/tickets")).body.records as any[];
      // a deleted ticket is not re-exported with exclude_deleted; the connector drops it via deleted_tickets
      byId.delete(4);
      expect([...byId.values()].sort((a, b) => a.id - b.id)).toEqual(truth);
      expect(truth.find((t) => t.id === created.id).subject).toBe("New one");
      expect(truth.find((t) => t.id === 3).status).toBe("solved");
      const deleted = (await get("/__sim/ground-truth/deleted_tickets")).body.records as any[];
      expect(deleted.map((t) => t.id)).toContain(4);
      const log = (await get("/__sim/requests")).body.requests as any[];
      expect(log.every((r) => r.path.startsWith("/api/v2/incremental/tickets/cursor.json"))).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
