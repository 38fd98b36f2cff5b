/**
 * One consistent account: every id a served record carries (authors, requesters, assignees,
 * organizations, groups, brands, forms, custom statuses, parents) resolves through the matching show endpoint.
 * Walks the ground truth of every stream, collects the ids per kind and asks each show endpoint once.
 */
import { describe, expect, it } from "vitest";
import { withSim } from "./__tests__/helpers.js";
import { CUSTOM_OBJECT_DELETED_VALUE } from "./index.js";

/** id field → show path of the record it names (`{id}` replaced). */
const REFERENCES: Record<string, string> = {
  requester_id: "/api/v2/users/{id}",
  submitter_id: "/api/v2/users/{id}",
  assignee_id: "/api/v2/users/{id}",
  author_id: "/api/v2/users/{id}",
  updater_id: "/api/v2/users/{id}",
  user_id: "/api/v2/users/{id}",
  actor_id: "/api/v2/users/{id}",
  collaborator_ids: "/api/v2/users/{id}",
  follower_ids: "/api/v2/users/{id}",
  email_cc_ids: "/api/v2/users/{id}",
  organization_id: "/api/v2/organizations/{id}",
  group_id: "/api/v2/groups/{id}",
  brand_id: "/api/v2/brands/{id}",
  ticket_form_id: "/api/v2/ticket_forms/{id}",
  custom_status_id: "/api/v2/custom_statuses/{id}",
  section_id: "/api/v2/help_center/sections/{id}",
  category_id: "/api/v2/help_center/categories/{id}",
  article_id: "/api/v2/help_center/articles/{id}",
  topic_id: "/api/v2/community/topics/{id}",
  post_id: "/api/v2/community/posts/{id}",
};

/** Streams whose `ticket_id`s name tickets that may be deleted (404 on /tickets/{id} is right for those). */
const TICKET_ID = "/api/v2/tickets/{id}";

function collect(value: unknown, out: Map<string, Set<number>>, ticketIds: Set<number>): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out, ticketIds);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [k, v] of Object.entries(value)) {
    const path = REFERENCES[k];
    if (path && (typeof v === "number" || Array.isArray(v))) {
      const set = out.get(path) ?? new Set<number>();
      for (const id of Array.isArray(v) ? v : [v]) if (typeof id === "number") set.add(id);
      out.set(path, set);
    } else if (k === "ticket_id" && typeof v === "number") ticketIds.add(v);
    else collect(v, out, ticketIds);
  }
}

describe("every record id resolves", () => {
  it("through the show endpoint of its kind, for every ground-truth stream", async () => {
    await withSim({ seed: 4, tickets: 120 }, async (sim, get) => {
      const refs = new Map<string, Set<number>>();
      const ticketIds = new Set<number>();
      for (const stream of sim.sim.groundTruthStreams()) collect(sim.groundTruth(stream as never), refs, ticketIds);
      const deleted = new Set(sim.groundTruth("deleted_tickets").map((t) => t.id as number));
      const scrubbedOrDeleted = new Set([...sim.account.tickets.byId.values()].filter((t) => t.status === "deleted").map((t) => t.id as number));
      const failures: string[] = [];
      let checked = 0;
      for (const [path, ids] of refs) {
        for (const id of ids) {
          const r = await get(path.replace("{id}", String(id)));
          checked++;
          if (r.status !== 200) failures.push(`${path.replace("{id}", String(id))} → ${r.status}`);
        }
      }
      for (const id of ticketIds) {
        const r = await get(TICKET_ID.replace("{id}", String(id)));
        checked++;
        const expected = deleted.has(id) || scrubbedOrDeleted.has(id) ? 404 : 200;
        if (r.status !== expected) failures.push(`/api/v2/tickets/${id} → ${r.status} (expected ${expected})`);
      }
      const byKind = new Map<string, number>();
      for (const f of failures) byKind.set(f.replace(/\/\d+ /, "/{id} "), (byKind.get(f.replace(/\/\d+ /, "/{id} ")) ?? 0) + 1);
      expect(Object.fromEntries(byKind), failures.slice(0, 10).join("\n")).toEqual({});
      // the walk covered every kind of reference
      expect([...refs.keys()].sort()).toEqual([...new Set(Object.values(REFERENCES))].sort());
      expect(checked).toBeGreaterThan(200);
    });
  });
});

describe("every record's own url", () => {
  it("answers 200 with that record, for every ground-truth stream", async () => {
    await withSim({ seed: 4, tickets: 60, guide: { brands: 2 } }, async (sim, get) => {
      const failures = new Map<string, string>();
      let checked = 0;
      for (const stream of sim.sim.groundTruthStreams()) {
        for (const record of sim.groundTruth(stream as never)) {
          if (typeof record.url !== "string") continue;
          // a deleted custom object record stays in the export as "[DELETED]" but is gone from its url
          if (stream === "custom_object_records" && record.name === CUSTOM_OBJECT_DELETED_VALUE) continue;
          const u = new URL(record.url);
          // the record's host names its brand: send the request there through the Host header
          const r = await get(u.pathname + u.search, { host: u.host });
          checked++;
          const body = r.body && typeof r.body === "object" ? (Object.values(r.body)[0] as { id?: unknown } | undefined) : undefined;
          const kind = `${stream} ${u.pathname.replace(/\/[0-9a-f-]*\d[0-9a-f-]*(?=\/|\.json|$)/g, "/{id}")}`;
          if (r.status !== 200 || body?.id !== record.id) failures.set(kind, `${r.status} ${r.text.slice(0, 80)}`);
        }
      }
      expect(Object.fromEntries(failures)).toEqual({});
      expect(checked).toBeGreaterThan(300);
    });
  });
});
