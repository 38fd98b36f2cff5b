/**
 * Plain Support list endpoints (not read by the connector's streams, but
 * recorded and handy for `check`-style calls): `/tickets`, `/users`,
 * `/organizations`, `/users/{id}/identities`. CBP with `page[size]`, offset
 * otherwise. Shapes as recorded: list tickets carry no `generated_timestamp`,
 * and cursor pages of tickets also drop `fields`; listed organizations have no
 * `deleted_at`; deleted tickets, users and organizations are not listed.
 * `/tickets` has its own budget (`zendesk-ratelimit-tickets-index`, 100/min).
 */
import { type Account } from "../../account/account.js";
import { NotFoundError } from "../../core/errors.js";
import { deletedTicketIds, perAccount, perAccountRevision } from "../../account/facts.js";
import { idEntries } from "../../store/sorted-entries.js";
import { Rng } from "../../util/prng.js";
import { userCount, userId } from "../../account/users.js";
import type { JsonObject } from "../../core/types.js";
import { wantsCursor } from "../../pagination/cursor.js";
import { json } from "../../core/http.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { TICKET_SIDELOADS, ticketSideloads, USER_SIDELOADS, userSideloads } from "../sideloads.js";
import { listedTicket } from "./tickets.js";
import { byId, byIdSources, listResponse } from "../list.js";

const idOrder = (label: string) => ({ label, key: (r: JsonObject) => [r.id as number], dirs: [1] as (1 | -1)[] });

/** Ticket ids are 1..N (base) then the new ones, ascending: position p holds ticket p + 1. */
function tickets(ctx: RouteContext): Response {
  const account = ctx.sim.account;
  const cursor = wantsCursor(ctx.query);
  const deleted = deletedTicketIds(account);
  const size = account.tickets.byId.size;
  const entries = idEntries(size, (p) => p + 1);
  const items = byIdSources(
    ctx,
    entries,
    (p) => !deleted.has(p + 1),
    (p) => {
      const rest = listedTicket(account.tickets.get(p + 1)!);
      if (cursor) delete rest.fields;
      return rest;
    },
    () => size - deleted.size,
  );
  return listResponse(ctx, items, { key: "tickets", endpoint: "tickets", offsetOrder: byId, cursorOrder: idOrder("nice_id"), sideload: (page) => ticketSideloads(ctx, page) });
}

// ---- users ----------------------------------------------------------------------------

/** A base user's role and activity without generating it: 0 inactive, 1 admin, 2 agent, 3 end-user. */
const USER_CODES = [null, "admin", "agent", "end-user"] as const;

/**
 * Codes of the base users (as generated): agents (at most 300) are generated for their role; an
 * end user is inactive when the generator's deletion draw says so (users.ts `generateUser`).
 */
export function baseUserCodes(account: Account): Uint8Array {
  return perAccount(account, "list:user-codes", () => {
    const s = account.shape;
    const n = userCount(s);
    const codes = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (i < s.counts.agents) {
        const u = account.users.get(userId(s, i))!;
        codes[i] = u.active === false ? 0 : Math.max(0, USER_CODES.indexOf(u.role as never));
      } else {
        codes[i] = Rng.for(s.seed, "user:deleted", i).bool(s.deletedUserRate) ? 0 : 3;
      }
    }
    return codes;
  });
}

/** The users' list is by id; user index p has id `userId(shape, p)` (new users too). */
function userEntries(account: Account) {
  const s = account.shape;
  return idEntries(account.users.byId.size, (p) => userId(s, p));
}

function users(ctx: RouteContext): Response {
  const account = ctx.sim.account;
  const s = account.shape;
  const roles = [...ctx.query.getAll("role"), ...ctx.query.getAll("role[]")];
  const wanted = (u: JsonObject) => u.active !== false && (!roles.length || roles.includes(u.role as string));
  const codes = baseUserCodes(account);
  const edited = perAccountRevision(account, "list:edited-users", () => new Set(account.editedUserIds()));
  const codeWanted = USER_CODES.map((role, c) => c > 0 && (!roles.length || roles.includes(role as string)));
  const entries = userEntries(account);
  const include = (p: number) => {
    const id = userId(s, p);
    return p >= codes.length || edited.has(id) ? wanted(account.users.get(id)!) : codeWanted[codes[p]];
  };
  const count = () =>
    perAccountRevision(account, `list:users-count:${roles.slice().sort().join(",")}`, () => {
      let c = 0;
      for (let p = 0; p < entries.size; p++) if (include(p)) c++;
      return c;
    });
  const items = byIdSources(ctx, entries, include, (p) => account.users.get(userId(s, p))!, count);
  return listResponse(ctx, items, { key: "users", endpoint: "users", offsetOrder: byId, cursorOrder: idOrder("id"), sideload: (page) => userSideloads(ctx, page) });
}

// ---- organizations -----------------------------------------------------------------------

/** Ids of the organizations that are not deleted, ascending, per revision (no record is copied). */
function listedOrganizationIds(account: Account): Float64Array {
  return perAccountRevision(account, "list:organizations", () => {
    const ids = new Float64Array(account.organizations.byId.size);
    let n = 0;
    for (const o of account.organizations.byId.values()) if (o.deleted_at == null) ids[n++] = o.id as number;
    return ids.slice(0, n).sort();
  });
}

function organizations(ctx: RouteContext): Response {
  const account = ctx.sim.account;
  const ids = listedOrganizationIds(account);
  const items = byIdSources(
    ctx,
    idEntries(ids.length, (p) => ids[p]),
    () => true,
    (p) => {
      const { deleted_at: _d, ...rest } = account.organizations.get(ids[p])!;
      return rest as JsonObject;
    },
    () => ids.length,
  );
  return listResponse(ctx, items, { key: "organizations", endpoint: "organizations", offsetOrder: byId, cursorOrder: idOrder("id") });
}

function identities(ctx: RouteContext): Response {
  const id = Number(ctx.params.id);
  if (!ctx.sim.account.users.get(id)) throw new NotFoundError("users", ctx.params.id);
  const type = ctx.query.get("type");
  const items = ctx.sim.account.identitiesOf([id]).filter((i) => !type || i.type === type);
  return listResponse(ctx, items, { key: "identities", endpoint: "identities", offsetOrder: byId, cursorOrder: idOrder("id") });
}

function identity(ctx: RouteContext): Response {
  const found = ctx.sim.account.identitiesOf([Number(ctx.params.id)]).find((i) => i.id === Number(ctx.params.identity_id));
  if (!found) throw new NotFoundError("identities", ctx.params.identity_id);
  return json(200, { identity: found });
}

export const supportListRoutes: Route[] = [
  { method: "GET", path: "/api/v2/tickets", handler: tickets, rateClasses: ["account", "tickets_index"], sideloads: TICKET_SIDELOADS },
  { method: "GET", path: "/api/v2/users", handler: users, params: [...LIST_PARAMS, "role", "role[]"], sideloads: USER_SIDELOADS },
  { method: "GET", path: "/api/v2/organizations", handler: organizations },
  { method: "GET", path: "/api/v2/users/:id/identities", handler: identities, params: [...LIST_PARAMS, "type"] },
  { method: "GET", path: "/api/v2/users/:id/identities/:identity_id", handler: identity, params: [] },
];
