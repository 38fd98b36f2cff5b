/**
 * Every record the simulator serves validates against the reference JSON
 * schema of its stream (reference/airbyte-zendesk/schemas, draft-07, ajv).
 */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARED } from "./__tests__/reference.js";
import { ANCHOR, call, walk } from "./__tests__/helpers.js";
import { startSimulator, type RunningSimulator } from "./core/server.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ anchor: ANCHOR, seed: 99, tickets: 600, rateLimitDisabled: true });
});
afterAll(async () => sim?.close());

const get = (p: string) => call(sim.url, p);

/** stream → how to read all of its records through the API */
export const STREAM_READERS: Record<string, () => Promise<unknown[]>> = {
  tickets: async () => (await walk(get, "/api/v2/incremental/tickets/cursor.json?start_time=0", (b) => b.after_url, (b) => b.end_of_stream)).flatMap((p) => p.tickets),
  users: async () => (await walk(get, "/api/v2/incremental/users/cursor.json?start_time=0", (b) => b.after_url, (b) => b.end_of_stream)).flatMap((p) => p.users),
  user_identities: async () =>
    (await walk(get, "/api/v2/incremental/users/cursor.json?start_time=0&include=identities", (b) => b.after_url, (b) => b.end_of_stream)).flatMap((p) => p.identities),
  organizations: async () => (await walk(get, "/api/v2/incremental/organizations.json?start_time=0", (b) => b.next_page, (b) => b.end_of_stream)).flatMap((p) => p.organizations),
  groups: async () => (await walk(get, "/api/v2/groups.json?exclude_deleted=false", (b) => b.next_page, (b) => !b.next_page)).flatMap((p) => p.groups),
  tags: async () => (await walk(get, "/api/v2/tags.json?page[size]=100", (b) => b.links.next, (b) => !b.meta.has_more)).flatMap((p) => p.tags),
};

describe("records validate against the reference schemas", () => {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  for (const [stream, read] of Object.entries(STREAM_READERS)) {
    it(stream, async () => {
      const file = join(SHARED, "airbyte-zendesk/schemas", `${stream}.json`);
      expect(existsSync(file)).toBe(true);
      const { $schema: _s, ...schema } = JSON.parse(readFileSync(file, "utf8"));
      const validate = ajv.compile(schema);
      const records = await read();
      expect(records.length).toBeGreaterThan(0);
      const bad = records.filter((r) => !validate(r)).slice(0, 3);
      const why = bad.map((r) => (validate(r), JSON.stringify(validate.errors?.slice(0, 3))));
      expect(why, `${stream}: ${bad.length} invalid`).toEqual([]);
    });
  }
});
