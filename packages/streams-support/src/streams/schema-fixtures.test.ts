/**
 * Every Support stream's published JSON Schema (what `discover` shows) accepts every record of that
 * stream in Airbyte's reference data: the unit-test response templates (`responses/<stream>.json`)
 * and the acceptance records (`integration/expected_records.jsonl`). Streams are taken from
 * `supportStreams`, so streams added later are checked too.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileFit, type Stream } from "@calabi/kernel";
import { referencePath } from "@calabi/fixtures";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ticketSchema } from "../schemas/tickets.js";
import { userSchema } from "../schemas/users.js";
import { flattenDefinitions } from "./attribute-definitions.js";
import { supportStreams } from "./index.js";

const airbyte = referencePath("airbyte-zendesk");

/** The records a response template holds, extracted the way the stream extracts them. */
function recordsOfResponse(stream: string, body: any): Record<string, unknown>[] {
  if (stream === "attribute_definitions") return flattenDefinitions(body);
  if (stream === "ticket_comments") {
    const events: any[] = body.ticket_events ?? [];
    return events.flatMap((e) => (e.child_events ?? []).filter((c: any) => c.event_type === "Comment"));
  }
  if (Array.isArray(body[stream])) return body[stream];
  for (const [key, value] of Object.entries(body)) {
    if (key === "meta" || key === "links") continue;
    if (Array.isArray(value) && value.every((v) => v && typeof v === "object")) return value as Record<string, unknown>[];
  }
  for (const [key, value] of Object.entries(body)) {
    if (key !== "meta" && key !== "links" && value && typeof value === "object" && !Array.isArray(value)) return [value as Record<string, unknown>];
  }
  return [];
}

function fixtureRecords(stream: string): { source: string; record: Record<string, unknown> }[] {
  const out: { source: string; record: Record<string, unknown> }[] = [];
  const response = join(airbyte, "responses", `${stream}.json`);
  if (existsSync(response)) {
    for (const record of recordsOfResponse(stream, JSON.parse(readFileSync(response, "utf8")))) out.push({ source: `responses/${stream}.json`, record });
  }
  for (const line of readFileSync(join(airbyte, "integration", "expected_records.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line);
    if (entry.stream === stream) out.push({ source: "integration/expected_records.jsonl", record: entry.data });
  }
  return out;
}

const validatorFor = (stream: Stream<any, any>) => z.fromJSONSchema(stream.spec.jsonSchema as any);

describe("published schemas accept Airbyte's reference records", () => {
  it.each(supportStreams.map((s) => [s.spec.name, s] as const))("%s", (name, stream) => {
    const validate = validatorFor(stream);
    const problems: string[] = [];
    for (const { source, record } of fixtureRecords(name)) {
      const result = validate.safeParse(record);
      if (!result.success) problems.push(`${source} id=${String(record.id)}: ${z.prettifyError(result.error)}`);
    }
    expect(problems).toEqual([]);
  });

  it("every configuration stream has reference records to check", async () => {
    const { configurationStreams } = await import("./configuration.js");
    for (const stream of configurationStreams) expect(fixtureRecords(stream.spec.name).length, stream.spec.name).toBeGreaterThan(0);
  });
});

// The drift check runs on every record: for the two largest streams it must be the compiled
// predicate (kernel schema-fit.ts), with zod consulted only for records that do not fit.
describe("the compiled drift check covers the largest streams", () => {
  it.each([
    ["tickets", ticketSchema],
    ["users", userSchema],
  ] as const)("%s", (name, schema) => {
    const fits = compileFit(schema);
    expect(fits).toBeTypeOf("function");
    const records = fixtureRecords(name);
    expect(records.length).toBeGreaterThan(0);
    for (const { record } of records) expect(fits!(record)).toBe(schema.safeParse(record).success);
    expect(records.every(({ record }) => fits!(record))).toBe(true);
  });
});
