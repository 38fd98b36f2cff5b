import { countEstimate, defineZendeskStream, exportCursorPaginator } from "@calabi/zendesk-common";
import { userSchema } from "../schemas/users.js";
import { exportStartTime, startSeconds } from "../common/start.js";

export const users = defineZendeskStream({
  name: "users",
  path: "incremental/users/cursor.json",
  paginator: () => exportCursorPaginator(),
  // Read to its end (pagination alone ends it): the next page is fetched while this one is written.
  readAhead: true,
  records: "users",
  primaryKey: "id",
  schema: userSchema,
  incremental: {
    kind: "server",
    cursorField: "updated_at",
    stateFormat: "unix",
    startParams: (start, ctx) => ({ start_time: exportStartTime(start, ctx) }),
  },
  start: (ctx) => startSeconds(ctx),
  estimate: countEstimate("users", 1000),
});
