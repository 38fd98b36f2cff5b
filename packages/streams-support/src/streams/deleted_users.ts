import { defineRestStream, linksPaginator } from "@calabi/kernel";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { deletedUserSchema } from "../schemas/deleted-users.js";

/**
 * Deleted users (the users side of deleted_tickets), permanently deleted ones included with their
 * personal data nulled. Client-side incremental on `updated_at` (the deletion moves it).
 */
export const deletedUsers = defineRestStream({
  name: "deleted_users",
  path: "deleted_users",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "deleted_users",
  primaryKey: "id",
  schema: deletedUserSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  rules: [planGated("deleted_users", "an agent or admin user")],
  start: (ctx) => startSeconds(ctx),
});
