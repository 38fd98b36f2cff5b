/**
 * user_identities: the `identities` side-loaded by `incremental/users/cursor.json?include=identities`.
 * The walk pages over users; each page yields the identities of that page's users. Selected with
 * `users`, one walk serves both (`usersIdentitiesGroup`).
 */
import { exportCursorPaginator } from "@calabi/zendesk-common";
import { type GroupEstimate, type GroupPlanContext, type Stream, toJsonSchema, toUnixSeconds } from "@calabi/kernel";
import { userIdentitySchema } from "../schemas/user-identities.js";
import { recordsAt } from "../common/pages.js";
import { type ExportPass, type PassMember, passGroup, passRateClass, readPassAlone } from "../common/shared-pass.js";
import { startSeconds } from "../common/start.js";
import { routedGroupEstimate } from "../plan/routes.js";
import { users } from "./users.js";

export const usersPass: ExportPass = {
  path: "incremental/users/cursor.json",
  params: (_ctx, members): Record<string, string> => (members.includes("user_identities") ? { include: "identities" } : {}),
  paginator: () => exportCursorPaginator(),
  // Read to its end (pagination alone ends it): the next page is fetched while this one is written.
  readAhead: true,
  pageRecords: "users",
  label: "users",
};

const updatedAt = (r: Record<string, unknown>) => toUnixSeconds(r.updated_at);

/** The users stream's records, as a member of the shared walk (same records and state as `users`). */
export const usersMember: PassMember = {
  name: "users",
  cursorField: "updated_at",
  stateFormat: "unix",
  records: recordsAt("users"),
  cursorOf: updatedAt,
  start: (ctx) => startSeconds(ctx as never),
};

/**
 * Identities are side-loaded for the users of each page: the export filtered the users, so every
 * identity of the page is kept, even one older than state; its `updated_at` still feeds the state.
 */
export const userIdentitiesMember: PassMember = {
  name: "user_identities",
  cursorField: "updated_at",
  stateFormat: "unix",
  records: recordsAt("identities"),
  cursorOf: updatedAt,
  keepOlder: true,
  start: (ctx) => startSeconds(ctx as never),
};

export const userIdentities: Stream = {
  spec: { name: "user_identities", jsonSchema: toJsonSchema(userIdentitySchema), primaryKey: [["id"]], cursorField: ["updated_at"] },
  rateClass: () => passRateClass(usersPass),
  read: (ctx) => readPassAlone(usersPass, userIdentitiesMember, ctx),
  plan: (ctx) => planUsersPass({ ...ctx, members: { user_identities: { mode: ctx.mode, state: ctx.state } } }).then(({ records: _unknown, ...walk }) => walk),
};

/**
 * The users walk: on a first sync its route sized by a count; from a saved cursor, the users
 * stream's own estimate (its first export page after the cursor). Identities are not counted.
 */
function planUsersPass(ctx: GroupPlanContext): Promise<GroupEstimate> {
  const names = Object.keys(ctx.members);
  const saved = names.map((n) => ctx.members[n].state).find((s) => s !== undefined);
  if (saved) {
    return users.plan!({ ...ctx, mode: "incremental", state: saved }).then((e) => ({ ...e, records: { users: names.includes("users") ? e.records : undefined } }));
  }
  return routedGroupEstimate(names, Object.fromEntries(names.map((n) => [n, { state: undefined, cursorField: "updated_at" }])), ctx).then((e) => ({
    ...e,
    records: Object.fromEntries(names.map((n) => [n, n === "users" ? e.records[n] : undefined])),
  }));
}

export const usersIdentitiesGroup = passGroup("users+user_identities", usersPass, [usersMember, userIdentitiesMember], planUsersPass);
