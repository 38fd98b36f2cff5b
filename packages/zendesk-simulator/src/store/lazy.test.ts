import { describe, expect, it } from "vitest";
import { SimClock, toIso } from "../util/clock.js";
import { Account } from "../account/account.js";
import { buildShape } from "../account/shape.js";
import { SortedIndex } from "./sorted-index.js";
import { generateTicket, ticketFacts } from "../account/tickets.js";
import { generateUser, userCount } from "../account/users.js";

const ANCHOR = Math.floor(Date.parse("2026-10-01T00:00:00Z") / 1000);
const fixedClock = (): SimClock => new SimClock({ now: () => ANCHOR * 1000 });

describe("lazily generated tickets and users", () => {
  it("ticketFacts (the start-up pass) agrees with generateTicket on times, status, people, rating and deletion", () => {
    for (const seed of [1, 7]) {
      const shape = buildShape({ seed, subdomain: "acme", anchor: ANCHOR, tickets: 4000 });
      const people = Array.from({ length: userCount(shape) }, (_, i) => generateUser(shape, i)).map((u) => ({ email: u.email as string, name: u.name as string }));
      let deleted = 0;
      for (let i = 0; i < 4000; i++) {
        const { record, meta } = generateTicket(shape, i, people);
        const facts = ticketFacts(shape, i);
        expect(facts.generatedTimestamp).toBe(record.generated_timestamp);
        expect(facts.meta).toEqual(meta);
        expect(toIso(facts.created)).toBe(record.created_at);
        expect(toIso(facts.updated)).toBe(record.updated_at);
        expect(facts.status).toBe(record.status);
        expect(facts.requesterId).toBe(record.requester_id);
        expect(facts.assigneeId).toBe(record.assignee_id);
        expect(facts.tags).toEqual(record.tags);
        expect(facts.satisfactionScore).toBe((record.satisfaction_rating as { score?: string } | null)?.score ?? null);
        if (meta.deletedAt != null) deleted++;
      }
      expect(deleted).toBeGreaterThan(0);
    }
  });

  it("a record evicted from the cache comes back byte-identical; edits survive eviction", () => {
    const account = new Account({ seed: 3, subdomain: "acme", anchor: ANCHOR, tickets: 12_000 }, fixedClock());
    const first = JSON.stringify(account.tickets.get(1));
    const firstUser = JSON.stringify(account.users.get(account.owner().id as number));
    account.updateTicket(2, { priority: "urgent" });
    let n = 0;
    for (const t of account.tickets.byId.values()) n += t.id === 2 ? 0 : 1; // walks every ticket: evicts ticket 1
    expect(n).toBe(11_999);
    for (const u of account.users.byId.values()) void u;
    expect(JSON.stringify(account.tickets.get(1))).toBe(first);
    expect(JSON.stringify(account.users.get(account.owner().id as number))).toBe(firstUser);
    expect(account.tickets.get(2)!.priority).toBe("urgent");
    expect(account.tickets.get(12_001)).toBeUndefined();
    const created = account.createTicket({ subject: "new" });
    expect(account.tickets.size).toBe(12_001);
    expect(account.tickets.get(created.id as number)!.subject).toBe("new");
    expect([...account.tickets.byId.keys()].at(-1)).toBe(created.id);
    // the export index holds every ticket once, ordered by (generated_timestamp, id)
    const idx = account.tickets.index;
    expect(idx.size).toBe(12_001);
    for (let i = 1; i < idx.size; i++) expect(idx.keyAt(i - 1) < idx.keyAt(i) || (idx.keyAt(i - 1) === idx.keyAt(i) && idx.idAt(i - 1) < idx.idAt(i))).toBe(true);
  });

  it("SortedIndex keeps (key, id) order through inserts, removes and growth", () => {
    const idx = new SortedIndex();
    idx.load([{ key: 5, id: 2 }, { key: 1, id: 9 }, { key: 5, id: 1 }]);
    for (let i = 0; i < 100; i++) idx.insert(i % 7, 100 + i);
    idx.remove(5, 2);
    idx.remove(5, 999); // absent: no-op
    expect(idx.size).toBe(102);
    const entries = Array.from({ length: idx.size }, (_, i) => idx.at(i));
    const sorted = entries.slice().sort((a, b) => a.key - b.key || a.id - b.id);
    expect(entries).toEqual(sorted);
    expect(entries.some((e) => e.key === 5 && e.id === 2)).toBe(false);
    expect(idx.lowerBound(5, 1)).toBe(entries.findIndex((e) => e.key === 5 && e.id === 1));
  });
});
