import { describe, expect, it } from "vitest";
import { withSim, walk } from "../__tests__/helpers.js";
import { ByteWriter } from "../util/json-text.js";
import { buildShape } from "../account/shape.js";
import { generateTicket, ticketFacts, writeTicketJson, type Person } from "../account/tickets.js";
import { generateUser, userCount, userPerson, userPersonParts, writeUserJson, type PersonParts } from "../account/users.js";

const ANCHOR = Math.floor(Date.parse("2026-11-01T00:00:00Z") / 1000);

/** One writer reused across records, as a page does (records are appended after a separator). */
function bytesOf(w: ByteWriter, write: (w: ByteWriter) => void): string {
  w.at = 0;
  write(w);
  return w.bytes().toString("utf8");
}

describe("record sinks: the bytes path equals JSON.stringify of the object path", () => {
  it("tickets over many seeds and indexes: deleted, scrubbed, every channel and every rating variant", () => {
    const seen = new Map<string, number>();
    const see = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
    const w = new ByteWriter(16);
    for (const seed of [1, 2, 3, 17, 99]) {
      const shape = buildShape({ seed, tickets: 4000, anchor: ANCHOR, subdomain: `acme${seed}` });
      const person = (i: number): Person | undefined => (i < userCount(shape) ? userPerson(shape, i) : undefined);
      // the export pages write requesters from their parts (../account/base-json.ts); both must agree
      const parts = (i: number): PersonParts | undefined => (i < userCount(shape) ? userPersonParts(shape, i) : undefined);
      for (let i = 0; i < 4000; i++) {
        const { record, meta } = generateTicket(shape, i, person);
        const text = JSON.stringify(record);
        const bytes = bytesOf(w, (w) => writeTicketJson(w, shape, i, person));
        if (bytes !== text) expect(bytes).toBe(text);
        const fromParts = bytesOf(w, (w) => writeTicketJson(w, shape, i, parts));
        if (fromParts !== text) expect(fromParts).toBe(text);
        // ticketFacts is the same function stopped at the deletion decision
        const facts = ticketFacts(shape, i);
        if (facts.status !== record.status || facts.meta.deletedAt !== meta.deletedAt) expect(facts).toMatchObject({ status: record.status, meta });
        see(`via:${(record.via as { channel: string }).channel}`);
        const rating = record.satisfaction_rating as { score: string; id?: number } | null;
        see(`rating:${rating === null ? "none" : rating.score}`);
        if (record.status === "deleted") see(meta.scrubbed ? "scrubbed" : "deleted");
        if (record.type === "task") see("due_at");
      }
    }
    for (const k of ["via:email", "via:web", "via:api", "via:mobile", "via:voice", "via:chat", "rating:none", "rating:unoffered", "rating:offered", "rating:good", "rating:bad", "deleted", "scrubbed", "due_at"]) {
      expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
    }
  });

  it("tickets with requesters given as an array, missing ones and non-ASCII names", () => {
    const shape = buildShape({ seed: 5, tickets: 500, anchor: ANCHOR, subdomain: "acme" });
    const people: Person[] = [{ email: null, name: 'Zoë "Q" \u2603 😀' }, { email: "a@b.c", name: "\n\\" }];
    const w = new ByteWriter(16);
    for (let i = 0; i < 500; i++) {
      const text = JSON.stringify(generateTicket(shape, i, people).record);
      expect(bytesOf(w, (w) => writeTicketJson(w, shape, i, people))).toBe(text);
    }
  });

  it("users over many seeds: agents, end users, photos and deleted users", () => {
    let deleted = 0;
    let photos = 0;
    const w = new ByteWriter(16);
    for (const seed of [1, 2, 3, 17, 99]) {
      const shape = buildShape({ seed, tickets: 4000, anchor: ANCHOR, subdomain: `acme${seed}` });
      for (let i = 0; i < userCount(shape); i++) {
        const user = generateUser(shape, i);
        const text = JSON.stringify(user);
        const bytes = bytesOf(w, (w) => writeUserJson(w, shape, i));
        if (bytes !== text) expect(bytes).toBe(text);
        if (user.permanently_deleted === false) deleted++;
        if (user.photo !== null) photos++;
        // tickets show their requester from userPerson: the same name and email
        const p = userPerson(shape, i);
        if (p.email !== user.email || p.name !== user.name) expect(p).toEqual({ email: user.email, name: user.name });
      }
    }
    expect(deleted).toBeGreaterThan(0);
    expect(photos).toBeGreaterThan(0);
  });

  it("is deterministic per seed", () => {
    const a = buildShape({ seed: 11, tickets: 100, anchor: ANCHOR, subdomain: "acme" });
    const b = buildShape({ seed: 11, tickets: 100, anchor: ANCHOR, subdomain: "acme" });
    const w = new ByteWriter(16);
    for (let i = 0; i < 100; i++) {
      expect(bytesOf(w, (w) => writeTicketJson(w, a, i, []))).toBe(bytesOf(w, (w) => writeTicketJson(w, b, i, [])));
      expect(bytesOf(w, (w) => writeUserJson(w, a, i))).toBe(bytesOf(w, (w) => writeUserJson(w, b, i)));
    }
  });
});

describe("export pages written from the bytes path", () => {
  /** The page's body must equal JSON.stringify of the same page built from the account's record objects. */
  const sameAsObjects = (text: string, key: string, get: (id: number) => unknown): void => {
    const parsed = JSON.parse(text);
    const ids = (parsed[key] as { id: number }[]).map((r) => r.id);
    expect(text).toBe(JSON.stringify({ ...parsed, [key]: ids.map(get) }));
  };

  it("tickets and users cursor and time exports, with edited, deleted and new records, sideloads and exclude_deleted", async () => {
    await withSim({ tickets: 400, seed: 9 }, async (sim, get) => {
      const a = sim.account;
      const users = [...a.users.byId.keys()];
      a.updateTicket(3, { subject: "Édité \u2603" });
      a.deleteTicket(5);
      a.createTicket({ subject: "new one" });
      a.updateUser(users[7], { name: "Renamed Ünïcode" });
      a.deleteUser(users[users.length - 1]);
      a.createUser({ name: "Newcomer", email: "new@example.com" });
      sim.advanceClock(120_000);
      const paths: [string, string, (b: any) => string | null][] = [
        ["tickets", "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=37", (b) => b.after_url],
        ["tickets", "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=100&exclude_deleted=true", (b) => b.after_url],
        ["tickets", "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=100&include=metric_sets", (b) => b.after_url],
        ["tickets", "/api/v2/incremental/tickets.json?start_time=0&per_page=100", (b) => b.next_page],
        ["users", "/api/v2/incremental/users/cursor.json?start_time=0&per_page=90&include=identities", (b) => b.after_url],
        ["users", "/api/v2/incremental/users.json?start_time=0&per_page=100", (b) => b.next_page],
      ];
      for (const [key, path, next] of paths) {
        let records = 0;
        const texts: string[] = [];
        const pages = await walk(
          async (p) => {
            const r = await get(p);
            texts.push(r.text);
            return r;
          },
          path,
          next,
          (b) => b.end_of_stream,
        );
        for (const text of texts) sameAsObjects(text, key, (id) => (key === "tickets" ? a.tickets.get(id) : a.users.get(id)));
        for (const p of pages) records += p[key].length;
        expect(records).toBeGreaterThan(0);
        if (path.includes("exclude_deleted")) for (const p of pages) for (const t of p.tickets) expect(t.status).not.toBe("deleted");
        if (path.includes("metric_sets")) expect(pages[0].metric_sets.length).toBeGreaterThan(0);
        if (path.includes("identities")) expect(pages[0].identities.length).toBeGreaterThan(0);
      }
    });
  });
});
