/**
 * The simulated account: every record, the mutations tests can apply, and the
 * ground truth a correct connector must output. Records are generated from
 * (seed, index) at start-up; mutations move timestamps to the simulator's now,
 * exactly as edits on a real account move `updated_at`/`generated_timestamp`.
 */
import { fromIso, toIso, type SimClock } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import { Collection } from "../store/collection.js";
import { Slots } from "../store/slots.js";
import { ConflictError, NotFoundError } from "../core/errors.js";
import { BaseTicketFacts, ownIds } from "./ticket-facts.js";
import { CONFIG_STREAMS, ConfigStore, isConfigStream, type ConfigStreamName } from "./configuration/store.js";
import { generateGroup, groupTotal } from "./groups.js";
import { bigId } from "./ids.js";
import { generateOrganization } from "./organizations.js";
import { apiBase, buildShape, type AccountShape, type ShapeOptions } from "./shape.js";
import { IdLookup, LazyMap } from "../store/lazy-map.js";
import { generateTicket, SCRUB_AFTER_SECONDS, ticketFacts, type Person, type TicketMeta } from "./tickets.js";
import { deletedUserShape, generateIdentities, generateUser, userCount, userId, userPerson, userTimes } from "./users.js";
import type { JsonObject } from "../core/types.js";

export type StreamName = "tickets" | "users" | "organizations" | "groups" | "tags" | "user_identities" | "deleted_tickets" | ConfigStreamName;
export const GROUND_TRUTH_STREAMS: readonly StreamName[] = ["tickets", "users", "user_identities", "organizations", "groups", "tags", "deleted_tickets", ...CONFIG_STREAMS];

export interface AccountOptions extends ShapeOptions {
  /** Create this many extra organizations that all share one `updated_at` second (the time-export trap). */
  organizationsInOneSecond?: number;
}

const clone = <T>(v: T): T => structuredClone(v);
const tsOf = (r: JsonObject, field: string): number => fromIso(r[field] as string);

export class Account {
  readonly shape: AccountShape;
  /** State other modules derive from the account (history, indexes, caches, the guide): ../store/slots.ts. */
  readonly slots = new Slots();
  /** Generated on demand from (seed, index); only edited and new tickets are held (../store/lazy-map.ts). */
  readonly tickets: Collection;
  /** Generated on demand from (seed, index); only edited and new users are held. */
  readonly users: Collection;
  readonly organizations = new Collection((r) => tsOf(r, "updated_at"));
  readonly groups = new Collection((r) => r.id as number);
  readonly identities: Map<number, JsonObject[]>;
  /** Facts outside the ticket JSON; tickets without an entry have the default (never deleted). */
  readonly ticketMeta = new Map<number, TicketMeta>();
  /** Times, status and rating score of every base ticket, from the start-up pass (for list indexes: ./ticket-facts.ts). */
  readonly baseTicketFacts: BaseTicketFacts;
  /**
   * Every ticket creation and agent/API update since start-up, in order (records are replaced,
   * never mutated, so these are the versions). Zendesk writes one audit per update; the ticket
   * history reads this log (./ticket-history.ts). System updates and deletions are not updates.
   */
  readonly ticketChanges: { id: number; before: JsonObject | null; after: JsonObject }[] = [];
  /** A base ticket as generated at start-up, whatever edits happened since (undefined for new tickets). */
  readonly baseTicket: (id: number) => JsonObject | undefined;
  private nextIndex = { ticket: 0, user: 0, organization: 0, group: 0 };
  private tagCache: { version: number; tags: JsonObject[] } | null = null;
  /** tag → number of non-deleted tickets carrying it (counted at start-up, kept in step by writes) */
  private readonly tagCounts = new Map<string, number>();
  private version = 0;

  constructor(options: AccountOptions, private readonly clock: SimClock) {
    this.shape = buildShape(options);
    const s = this.shape;
    const nUsers = userCount(s);
    const userIds = new IdLookup((i) => userId(s, i), nUsers);
    const userBase = {
      count: nUsers,
      idAt: (i: number) => userId(s, i),
      indexOf: (id: number) => userIds.indexOf(id),
    };
    this.users = new Collection((r) => tsOf(r, "updated_at"), new LazyMap({ ...userBase, generate: (i) => generateUser(s, i) }));
    this.identities = new LazyMap<JsonObject[]>({ ...userBase, generate: (i) => generateIdentities(s, i, generateUser(s, i)) });
    const nTickets = s.counts.tickets;
    this.baseTicketFacts = new BaseTicketFacts(nTickets);
    // the requester's email and name as generated at start-up (edits to users do not rewrite old tickets)
    const person = (i: number): Person | undefined => (i < nUsers ? userPerson(s, i) : undefined);
    this.tickets = new Collection(
      (r) => r.generated_timestamp as number,
      new LazyMap({ count: nTickets, idAt: (i) => i + 1, indexOf: (id) => (Number.isInteger(id) && id >= 1 && id <= nTickets ? id - 1 : -1), generate: (i) => generateTicket(s, i, person).record }),
    );
    this.baseTicket = (id) => (Number.isInteger(id) && id >= 1 && id <= nTickets ? generateTicket(s, id - 1, person).record : undefined);
    this.generate(options, nUsers, nTickets);
  }

  private generate(options: AccountOptions, nUsers: number, nTickets: number): void {
    const s = this.shape;
    const uKeys = new Float64Array(nUsers);
    const uIds = new Float64Array(nUsers);
    for (let i = 0; i < nUsers; i++) {
      uKeys[i] = userTimes(s, i).updated;
      uIds[i] = userId(s, i);
    }
    this.users.loadIndex(uKeys, uIds);
    this.nextIndex.user = nUsers;

    const orgs: JsonObject[] = [];
    for (let i = 0; i < s.counts.organizations; i++) orgs.push(generateOrganization(s, i));
    this.nextIndex.organization = s.counts.organizations;
    const burst = options.organizationsInOneSecond ?? 0;
    if (burst > 0) {
      const at = s.historyEnd - 3600;
      for (let k = 0; k < burst; k++) {
        const o = generateOrganization(s, this.nextIndex.organization++);
        o.created_at = toIso(at);
        o.updated_at = toIso(at);
        o.deleted_at = null;
        orgs.push(o);
      }
    }
    this.organizations.load(orgs);

    const groups: JsonObject[] = [];
    for (let i = 0; i < groupTotal(s); i++) groups.push(generateGroup(s, i));
    this.groups.load(groups);
    this.nextIndex.group = groups.length;

    // One pass over the tickets for what the index, deleted_tickets and tags need; no record is built.
    const tKeys = new Float64Array(nTickets);
    const tIds = new Float64Array(nTickets);
    for (let i = 0; i < nTickets; i++) {
      const facts = ticketFacts(s, i);
      const { generatedTimestamp, meta } = facts;
      this.baseTicketFacts.set(i, facts);
      tKeys[i] = generatedTimestamp;
      tIds[i] = i + 1;
      if (meta.deletedAt != null) this.ticketMeta.set(i + 1, meta);
      else for (const tag of facts.tags) this.tagCounts.set(tag, (this.tagCounts.get(tag) ?? 0) + 1);
    }
    this.tickets.loadIndex(tKeys, tIds);
    this.nextIndex.ticket = nTickets;
  }

  private now(): number {
    return this.clock.nowSeconds();
  }
  private configStore?: ConfigStore;
  /** Configuration objects: business rules, fields, forms, memberships, schedules, SLAs, routing (./configuration/). */
  get config(): ConfigStore {
    return (this.configStore ??= new ConfigStore(this.shape, () => this.now()));
  }
  private touch(): void {
    this.version++;
  }
  /** Ids of tickets written since start-up (edited and new): the only ones whose record may differ from their base facts. */
  editedTicketIds(): number[] {
    return ownIds(this.tickets.byId);
  }
  /** Ids of users written since start-up (edited and new). */
  editedUserIds(): number[] {
    return ownIds(this.users.byId);
  }
  /** Bumped on every mutation (handy for caches and tests). */
  get revision(): number {
    return this.version;
  }

  // ---- tickets -------------------------------------------------------------

  /** Create a ticket now. `fields` override the generated values. */
  createTicket(fields: JsonObject = {}): JsonObject {
    const index = this.nextIndex.ticket++;
    // the requester as the account holds it now (in the users' Map order, as before)
    const person = (i: number): Person | undefined => {
      const u = i < userCount(this.shape) ? this.users.get(userId(this.shape, i)) : [...this.users.byId.values()][i];
      return u && { email: u.email as string, name: u.name as string };
    };
    const { record } = generateTicket(this.shape, index, person);
    const now = this.now();
    const r: JsonObject = {
      ...record,
      status: "new",
      satisfaction_rating: null,
      assignee_id: null,
      group_id: null,
      ...clone(fields),
      id: index + 1,
      url: `${apiBase(this.shape)}/tickets/${index + 1}.json`,
      created_at: toIso(now),
      updated_at: toIso(now),
      generated_timestamp: now,
    };
    r.raw_subject = r.subject;
    this.writeTicket(r, null);
    this.ticketChanges.push({ id: r.id as number, before: null, after: r });
    this.ticketMeta.set(index + 1, { deletedAt: null, previousStatus: null, deletedBy: null, scrubbed: false });
    this.touch();
    return clone(r);
  }

  /** Store a new version of a ticket, keeping the tag counts in step. */
  private writeTicket(r: JsonObject, before: JsonObject | null): void {
    this.tickets.put(r);
    const count = (t: JsonObject, delta: number) => {
      if (t.status === "deleted") return;
      for (const tag of t.tags as string[]) this.tagCounts.set(tag, (this.tagCounts.get(tag) ?? 0) + delta);
    };
    if (before) count(before, -1);
    count(r, +1);
  }

  private requireTicket(id: number): JsonObject {
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError("tickets", id);
    return t;
  }

  /** An agent/API edit: fields change, `updated_at` and `generated_timestamp` move to now. */
  updateTicket(id: number, patch: JsonObject = {}): JsonObject {
    const t = this.requireTicket(id);
    if (t.status === "deleted") throw new ConflictError(`ticket ${id} is deleted`);
    const now = this.now();
    const r: JsonObject = { ...t, ...clone(patch), id, updated_at: toIso(now), generated_timestamp: now };
    if ("subject" in patch && !("raw_subject" in patch)) r.raw_subject = r.subject;
    if ("status" in patch && typeof r.status === "string") r.custom_status_id = this.shape.customStatusIds[r.status] ?? r.custom_status_id;
    this.writeTicket(r, t);
    this.ticketChanges.push({ id, before: t, after: r });
    this.touch();
    return clone(r);
  }

  /** A silent system update (SLA, automation): only `generated_timestamp` moves. */
  systemUpdateTicket(id: number): JsonObject {
    const t = this.requireTicket(id);
    const r: JsonObject = { ...t, generated_timestamp: this.now() };
    this.writeTicket(r, t);
    this.touch();
    return clone(r);
  }

  /** Soft-delete: status "deleted", listed in deleted_tickets until scrubbed. */
  deleteTicket(id: number, actorId?: number): JsonObject {
    const t = this.requireTicket(id);
    if (t.status === "deleted") return clone(t);
    const now = this.now();
    const r: JsonObject = { ...t, status: "deleted", updated_at: toIso(now), generated_timestamp: now };
    this.ticketMeta.set(id, { deletedAt: now, previousStatus: t.status as string, deletedBy: actorId ?? (this.owner().id as number), scrubbed: false });
    this.writeTicket(r, t);
    this.touch();
    return clone(r);
  }

  /** Permanent deletion (or the automatic 30-day scrub). */
  scrubTicket(id: number): JsonObject {
    const t = this.requireTicket(id);
    if (t.status !== "deleted") this.deleteTicket(id);
    const cur = this.tickets.get(id)!;
    const now = this.now();
    const r: JsonObject = { ...cur, subject: "SCRUBBED", raw_subject: "SCRUBBED", description: "X", generated_timestamp: now };
    this.ticketMeta.get(id)!.scrubbed = true;
    this.writeTicket(r, cur);
    this.touch();
    return clone(r);
  }

  // ---- users ---------------------------------------------------------------

  owner(): JsonObject {
    return this.users.get(bigId(this.shape.seed, "user", 0))!;
  }

  createUser(fields: JsonObject = {}): JsonObject {
    const index = this.nextIndex.user++;
    const g = generateUser(this.shape, index);
    const now = this.now();
    const id = g.id as number;
    const r: JsonObject = { ...g, role: "end-user", ...clone(fields), id, url: `${apiBase(this.shape)}/users/${id}.json`, created_at: toIso(now), updated_at: toIso(now) };
    this.users.put(r);
    this.identities.set(id, generateIdentities(this.shape, index, r));
    this.touch();
    return clone(r);
  }

  updateUser(id: number, patch: JsonObject = {}): JsonObject {
    const u = this.users.get(id);
    if (!u) throw new NotFoundError("users", id);
    const r: JsonObject = { ...u, ...clone(patch), id, updated_at: toIso(this.now()) };
    this.users.put(r);
    if ("email" in patch) {
      const ids = this.identities.get(id) ?? [];
      this.identities.set(id, ids.map((i) => (i.type === "email" && i.primary ? { ...i, value: r.email, updated_at: r.updated_at } : i)));
    }
    this.touch();
    return clone(r);
  }

  /** Deleted users stay in the users export, scrubbed, with `active: false`; their identities go. */
  deleteUser(id: number): JsonObject {
    const u = this.users.get(id);
    if (!u) throw new NotFoundError("users", id);
    const r: JsonObject = { ...deletedUserShape(u), updated_at: toIso(this.now()) };
    this.users.put(r);
    this.identities.set(id, []);
    this.touch();
    return clone(r);
  }

  // ---- organizations -------------------------------------------------------

  createOrganization(fields: JsonObject = {}, at?: number): JsonObject {
    const index = this.nextIndex.organization++;
    const g = generateOrganization(this.shape, index);
    const ts = at ?? this.now();
    const id = g.id as number;
    const r: JsonObject = { ...g, deleted_at: null, ...clone(fields), id, url: `${apiBase(this.shape)}/organizations/${id}.json`, created_at: toIso(ts), updated_at: toIso(ts) };
    this.organizations.put(r);
    this.touch();
    return clone(r);
  }

  updateOrganization(id: number, patch: JsonObject = {}): JsonObject {
    const o = this.organizations.get(id);
    if (!o) throw new NotFoundError("organizations", id);
    const r: JsonObject = { ...o, ...clone(patch), id, updated_at: toIso(this.now()) };
    this.organizations.put(r);
    this.touch();
    return clone(r);
  }

  /** Deleted organizations keep coming back from the export with `deleted_at` set. */
  deleteOrganization(id: number): JsonObject {
    const now = toIso(this.now());
    return this.updateOrganization(id, { deleted_at: now });
  }

  /** Create `count` organizations sharing one `updated_at` second (default: now). */
  burstOrganizations(count: number, at?: number): JsonObject[] {
    const ts = at ?? this.now();
    const out: JsonObject[] = [];
    for (let i = 0; i < count; i++) out.push(this.createOrganization({}, ts));
    return out;
  }

  // ---- groups --------------------------------------------------------------

  createGroup(fields: JsonObject = {}): JsonObject {
    const index = this.nextIndex.group++;
    const g = generateGroup(this.shape, index);
    const now = toIso(this.now());
    const id = g.id as number;
    const r: JsonObject = { ...g, name: `Group ${index + 1}`, default: false, ...clone(fields), deleted: false, id, url: `${apiBase(this.shape)}/groups/${id}.json`, created_at: now, updated_at: now };
    this.groups.put(r);
    this.touch();
    return clone(r);
  }

  updateGroup(id: number, patch: JsonObject = {}): JsonObject {
    const g = this.groups.get(id);
    if (!g) throw new NotFoundError("groups", id);
    const r: JsonObject = { ...g, ...clone(patch), id, updated_at: toIso(this.now()) };
    this.groups.put(r);
    this.touch();
    return clone(r);
  }

  deleteGroup(id: number): JsonObject {
    return this.updateGroup(id, { deleted: true });
  }

  // ---- derived views ---------------------------------------------------------

  /**
   * Tag counts over the tickets that are not deleted, ordered by -count, name: counted from the
   * start-up facts, then kept in step by each ticket write (no walk over the tickets).
   */
  tags(): JsonObject[] {
    if (this.tagCache && this.tagCache.version === this.version) return this.tagCache.tags;
    const tags = [...this.tagCounts.entries()]
      .filter(([, count]) => count > 0)
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.tagCache = { version: this.version, tags };
    return tags;
  }

  /** Identities of the given users, in user order. */
  identitiesOf(userIds: number[]): JsonObject[] {
    const out: JsonObject[] = [];
    for (const id of userIds) out.push(...(this.identities.get(id) ?? []));
    return out;
  }

  /** Deleted, not yet scrubbed tickets deleted within the last 30 days, oldest deletion first. */
  deletedTickets(): { ticket: JsonObject; meta: TicketMeta }[] {
    const now = this.now();
    const out: { ticket: JsonObject; meta: TicketMeta }[] = [];
    for (const [id, meta] of this.ticketMeta) {
      if (meta.deletedAt == null || meta.scrubbed) continue;
      if (now - meta.deletedAt > SCRUB_AFTER_SECONDS) continue;
      out.push({ ticket: this.tickets.get(id)!, meta });
    }
    return out.sort((a, b) => a.meta.deletedAt! - b.meta.deletedAt! || (a.ticket.id as number) - (b.ticket.id as number));
  }

  /**
   * Exactly the records a correct connector must output for `stream`, newest
   * version of each, sorted by primary key.
   * - tickets: every ticket whose status is not "deleted"
   * - users: every user (deleted users have active:false)
   * - user_identities: identities of every user
   * - organizations: every organization, deleted ones with deleted_at set
   * - groups: every group, deleted ones with deleted:true
   * - tags: {name,count} of every tag on a non-deleted ticket
   * - deleted_tickets: soft-deleted tickets still listed by /deleted_tickets
   */
  groundTruth(stream: StreamName): JsonObject[] {
    const byId = (a: JsonObject, b: JsonObject) => (a.id as number) - (b.id as number);
    switch (stream) {
      case "tickets":
        return clone([...this.tickets.byId.values()].filter((t) => t.status !== "deleted").sort(byId));
      case "users":
        return clone([...this.users.byId.values()].sort(byId));
      case "user_identities":
        return clone([...this.identities.values()].flat().sort(byId));
      case "organizations":
        return clone([...this.organizations.byId.values()].sort(byId));
      case "groups":
        return clone([...this.groups.byId.values()].sort(byId));
      case "tags":
        return clone(this.tags()).sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
      case "deleted_tickets":
        return this.deletedTickets().map(({ ticket, meta }) => deletedTicketRecord(this, ticket, meta)).sort(byId);
      default:
        if (isConfigStream(stream)) return this.config.groundTruth(stream);
        throw new NotFoundError("streams", stream as string);
    }
  }

  /** Deterministic helper for tests: a random existing record id of a collection. */
  pickId(kind: "tickets" | "users" | "organizations" | "groups", salt = 0): number {
    const col = this[kind];
    const ids = [...col.byId.keys()];
    return ids[Rng.for(this.shape.seed, `pick:${kind}`, salt).int(0, ids.length - 1)];
  }
}

export function deletedTicketRecord(account: Account, ticket: JsonObject, meta: TicketMeta): JsonObject {
  const actor = meta.deletedBy != null ? account.users.get(meta.deletedBy) : undefined;
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.description,
    actor: { id: meta.deletedBy, name: (actor?.name as string) ?? "Admin" },
    deleted_at: toIso(meta.deletedAt!),
    previous_state: meta.previousStatus,
  };
}

