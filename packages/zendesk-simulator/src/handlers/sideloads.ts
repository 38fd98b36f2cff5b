/**
 * Sideloads (`include=a,b`, ZENDESK-API.md §2 and §4.4; developer docs "Side-loading"): top-level
 * arrays of the records a page refers to, next to the main key, and the per-record sideloads
 * `dates` and `comment_count` that add a field to each ticket. The pipeline has already reduced
 * `include` to the values a route lists in `sideloads` (unknown ones are ignored, as Zendesk does).
 */
import { guideFor } from "../account/guide/guide.js";
import { historyOf } from "../account/ticket-history.js";
import { ticketMetric } from "../account/ticket-metrics.js";
import type { JsonObject } from "../core/types.js";
import type { RouteContext } from "../core/route.js";

/** Ticket show and list (`last_audits` only there: the exports do not support it [doc]). */
export const TICKET_SIDELOADS = ["users", "groups", "organizations", "brands", "ticket_forms", "metric_sets", "last_audits", "dates", "comment_count"] as const;
export const TICKET_EXPORT_SIDELOADS = TICKET_SIDELOADS.filter((s) => s !== "last_audits");
export const USER_SIDELOADS = ["organizations", "groups", "identities", "roles"] as const;

export function includes(ctx: RouteContext): Set<string> {
  return new Set((ctx.query.get("include") ?? "").split(",").filter(Boolean));
}

export interface Sideloaded {
  /** Top-level arrays, in the order they were asked for. */
  arrays: Record<string, JsonObject[]>;
  /** Per-record sideloads (`dates`, `comment_count`) added to a record, or null when none was asked. */
  decorate: ((record: JsonObject) => JsonObject) | null;
}

const NONE: Sideloaded = { arrays: {}, decorate: null };

/** Distinct non-null ids of `fields` over `records`, in first-seen order. */
function idsOf(records: JsonObject[], fields: string[]): number[] {
  const out = new Set<number>();
  for (const r of records) {
    for (const f of fields) {
      const v = r[f];
      for (const id of Array.isArray(v) ? v : [v]) if (typeof id === "number") out.add(id);
    }
  }
  return [...out];
}

const present = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);

/** The `dates` sideload of a ticket: its metric's milestone times. */
function datesOf(metric: JsonObject): JsonObject {
  const keys = ["assignee_updated_at", "requester_updated_at", "status_updated_at", "initially_assigned_at", "assigned_at", "solved_at", "latest_comment_added_at"];
  return Object.fromEntries(keys.map((k) => [k, metric[k] ?? null]));
}

/** Sideloads of a page of tickets (not deleted ones: metrics, audits and dates need a live ticket). */
export function ticketSideloads(ctx: RouteContext, tickets: JsonObject[]): Sideloaded {
  const inc = includes(ctx);
  if (inc.size === 0) return NONE;
  const account = ctx.sim.account;
  const live = tickets.filter((t) => t.status !== "deleted");
  const arrays: Record<string, JsonObject[]> = {};
  for (const name of inc) {
    switch (name) {
      case "users":
        arrays.users = present(idsOf(tickets, ["requester_id", "submitter_id", "assignee_id", "collaborator_ids", "follower_ids", "email_cc_ids"]).map((id) => account.users.get(id)));
        break;
      case "groups":
        arrays.groups = present(idsOf(tickets, ["group_id"]).map((id) => account.groups.get(id)));
        break;
      case "organizations":
        arrays.organizations = present(idsOf(tickets, ["organization_id"]).map((id) => account.organizations.get(id)));
        break;
      case "brands": {
        const brands = guideFor(ctx.sim).brands;
        arrays.brands = present(idsOf(tickets, ["brand_id"]).map((id) => brands.find((b) => b.id === id)?.record));
        break;
      }
      case "ticket_forms":
        arrays.ticket_forms = present(idsOf(tickets, ["ticket_form_id"]).map((id) => account.config.get("ticket_forms", String(id))));
        break;
      case "metric_sets":
        arrays.metric_sets = live.map((t) => ticketMetric(account, t));
        break;
      case "last_audits":
        arrays.last_audits = present(live.map((t) => historyOf(account).auditsOf(t.id as number).at(-1)));
        break;
    }
  }
  const dates = inc.has("dates");
  const comments = inc.has("comment_count");
  const decorate =
    dates || comments
      ? (t: JsonObject): JsonObject => {
          if (t.status === "deleted") return t;
          const out: JsonObject = { ...t };
          if (dates) out.dates = datesOf(ticketMetric(account, t));
          if (comments) {
            const audits = historyOf(account).auditsOf(t.id as number);
            out.comment_count = audits.reduce((n, a) => n + (a.events as JsonObject[]).filter((e) => e.type === "Comment").length, 0);
          }
          return out;
        }
      : null;
  return { arrays, decorate };
}

/** Sideloads of a page of users. */
export function userSideloads(ctx: RouteContext, users: JsonObject[]): Sideloaded {
  const inc = includes(ctx);
  if (inc.size === 0) return NONE;
  const account = ctx.sim.account;
  const ids = users.map((u) => u.id as number);
  const arrays: Record<string, JsonObject[]> = {};
  for (const name of inc) {
    switch (name) {
      case "identities":
        arrays.identities = account.identitiesOf(ids);
        break;
      case "organizations":
        arrays.organizations = present(idsOf(users, ["organization_id"]).map((id) => account.organizations.get(id)));
        break;
      case "groups": {
        const wanted = new Set(ids);
        const groupIds = new Set(account.config.list("group_memberships").filter((m) => wanted.has(m.user_id as number)).map((m) => m.group_id as number));
        arrays.groups = present([...groupIds].map((id) => account.groups.get(id)));
        break;
      }
      case "roles":
        arrays.roles = present(idsOf(users, ["custom_role_id"]).map((id) => account.config.get("custom_roles", String(id))));
        break;
    }
  }
  return { arrays, decorate: null };
}
