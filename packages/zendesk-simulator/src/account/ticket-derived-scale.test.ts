/**
 * Ticket audits and metric events are indexed from the history's random draws and generated per
 * ticket on demand. These tests hold the two halves together (every index entry is exactly a
 * generated record, before and after edits) and show that a page costs only its own tickets.
 */
import { describe, expect, it } from "vitest";
import { SimClock } from "../util/clock.js";
import { Account } from "./account.js";
import { historyOf } from "./ticket-history.js";
import { metricEvents, metricEventsOfTicket } from "./ticket-metrics.js";
import type { Collection } from "../store/collection.js";
import type { JsonObject } from "../core/types.js";

const ANCHOR = Math.floor(Date.parse("2026-10-01T00:00:00Z") / 1000);

function clockAt(seconds: { now: number }): SimClock {
  return new SimClock({ now: () => seconds.now * 1000 });
}

/** Every (key, id) of an index, as strings, sorted. */
function indexEntries(col: Collection): string[] {
  const out: string[] = [];
  for (let i = 0; i < col.index.size; i++) out.push(`${col.index.keyAt(i)}:${col.index.idAt(i)}`);
  return out.sort();
}

/** The (key, id) of every record generated per ticket, as strings, sorted. */
function generatedEntries(account: Account, recordsOf: (ticketId: number) => JsonObject[], keyOf: (r: JsonObject) => number): string[] {
  const out: string[] = [];
  for (const id of account.tickets.byId.keys()) for (const r of recordsOf(id)) out.push(`${keyOf(r)}:${r.id}`);
  return out.sort();
}

describe("ticket audits and metric events at scale", () => {
  it("the packed indexes hold exactly the generated audits and metric events, also after edits, deletions and new tickets", () => {
    const now = { now: ANCHOR };
    const account = new Account({ seed: 11, subdomain: "acme", anchor: ANCHOR, tickets: 600 }, clockAt(now));
    const history = historyOf(account);
    const events = metricEvents(account);
    const check = () => {
      const h = historyOf(account);
      const ev = metricEvents(account);
      expect(indexEntries(h.audits)).toEqual(generatedEntries(account, (id) => h.auditsOf(id), (a) => Date.parse(a.created_at as string) / 1000));
      expect(indexEntries(ev)).toEqual(generatedEntries(account, (id) => metricEventsOfTicket(account, id, h.auditsOf(id)), (e) => Date.parse(e.time as string) / 1000));
      for (let i = 0; i < h.audits.index.size; i += 37) expect(h.audits.byId.get(h.audits.index.idAt(i))!.id).toBe(h.audits.index.idAt(i));
      for (let i = 0; i < ev.index.size; i += 37) expect(ev.byId.get(ev.index.idAt(i))!.id).toBe(ev.index.idAt(i));
    };
    // an audit generated on its own (what a page does, in a history that never built the ticket's
    // whole list) equals the same audit of the ticket's whole history
    const cold = historyOf(new Account({ seed: 11, subdomain: "acme", anchor: ANCHOR, tickets: 600 }, clockAt({ now: ANCHOR })));
    for (let i = 0; i < cold.audits.index.size; i += 3) {
      const one = cold.audits.byId.get(cold.audits.index.idAt(i))!;
      expect(one).toEqual(history.auditsOf(one.ticket_id as number).find((a) => a.id === one.id));
    }
    // every status Change continues from the status the earlier audits left ("open" after creation),
    // never repeats it, and the last audit leaves the ticket's status
    let changes = 0;
    for (let id = 1; id <= 600; id++) {
      const t = account.tickets.get(id)!;
      const audits = cold.auditsOf(id);
      let status = "open";
      for (const a of audits.slice(1)) {
        for (const e of (a.events as JsonObject[]).filter((e) => e.type === "Change" && e.field_name === "status")) {
          expect(e.previous_value).toBe(status);
          expect(e.value).not.toBe(status);
          status = e.value as string;
          changes++;
        }
      }
      if (audits.length > 1 && audits.at(-1)!.id === (audits[0].id as number) + 15) expect(status).toBe(t.status === "deleted" ? "closed" : t.status);
    }
    expect(changes).toBeGreaterThan(300);
    check();
    expect(history.audits.index.size).toBeGreaterThan(1500);
    expect(events.index.size).toBeGreaterThan(3000);

    const before = history.auditsOf(7).map((a) => JSON.stringify(a));
    const silent = history.auditsOf(12).length;
    now.now += 3600;
    account.updateTicket(7, { status: "solved", priority: "urgent" });
    now.now += 60;
    account.updateTicket(7, { subject: "changed again" });
    const deleted = account.tickets.get(9)!.status === "deleted" ? 10 : 9;
    account.deleteTicket(deleted);
    const created = account.createTicket({ subject: "brand new" });
    now.now += 60;
    account.updateTicket(created.id as number, { status: "open" });
    account.systemUpdateTicket(12); // no audit
    check();
    // audits are never rewritten: the edited ticket keeps its original audits, then two appended
    const after = history.auditsOf(7);
    expect(after.slice(0, before.length).map((a) => JSON.stringify(a))).toEqual(before);
    expect(after).toHaveLength(before.length + 2);
    expect(history.auditsOf(created.id as number)).toHaveLength(2);
    expect(history.auditsOf(12)).toHaveLength(silent); // a system update writes no audit
    expect(history.auditsOf(deleted).at(-1)!.created_at).not.toBe(account.tickets.get(deleted)!.updated_at); // nor does a deletion
  });

  it("a page of ticket events or metric events generates only the tickets on that page", () => {
    const account = new Account({ seed: 3, subdomain: "acme", anchor: ANCHOR, tickets: 60_000 }, clockAt({ now: ANCHOR }));
    const byId = account.tickets.byId;
    const original = byId.get.bind(byId);
    const looked = new Set<number>();
    byId.get = (id: number) => {
      looked.add(id);
      return original(id);
    };
    const history = historyOf(account);
    const events = metricEvents(account);
    expect(looked.size).toBeLessThan(5); // building both indexes generated no ticket
    expect(history.audits.index.size).toBeGreaterThan(150_000);

    const page = (col: Collection, from: number, n: number) => {
      const out: JsonObject[] = [];
      for (let i = from; i < from + n; i++) out.push(col.byId.get(col.index.idAt(i))!);
      return out;
    };
    const audits = page(history.audits, 90_000, 1000);
    const auditTickets = new Set(audits.map((a) => a.ticket_id as number));
    expect(looked.size).toBeLessThanOrEqual(auditTickets.size + 5);
    looked.clear();
    const metricPage = page(events, 200_000, 1000);
    expect(looked.size).toBeLessThanOrEqual(new Set(metricPage.map((e) => e.ticket_id as number)).size + 5);
    // in index order
    for (let i = 1; i < audits.length; i++) expect(Date.parse(audits[i].created_at as string) >= Date.parse(audits[i - 1].created_at as string)).toBe(true);
  });
});

describe("tag counts", () => {
  it("counted from the start-up facts, then kept in step by every ticket write: equal to a recount of the generated tickets, also after edits, deletions, scrubs and new tickets", () => {
    const now = { now: ANCHOR };
    const account = new Account({ seed: 5, subdomain: "acme", anchor: ANCHOR, tickets: 800 }, clockAt(now));
    const recount = () => {
      const counts = new Map<string, number>();
      for (const t of account.tickets.byId.values()) if (t.status !== "deleted") for (const tag of t.tags as string[]) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
    };
    expect(account.tags()).toEqual(recount());
    const [top] = account.tags();
    const carrier = [...account.tickets.byId.values()].find((t) => t.status !== "deleted" && (t.tags as string[]).includes(top.name as string))!;
    now.now += 60;
    account.updateTicket(carrier.id as number, { tags: ["brand_new_tag"] });
    account.deleteTicket(account.pickId("tickets", 1));
    account.scrubTicket(account.pickId("tickets", 2));
    account.createTicket({ tags: ["brand_new_tag", top.name as string] });
    account.systemUpdateTicket(3);
    const after = account.tags();
    expect(after).toEqual(recount());
    expect(after.find((t) => t.name === "brand_new_tag")!.count).toBe(2);
  });
});
