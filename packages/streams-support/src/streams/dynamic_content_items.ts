import { defineRestStream, linksPaginator } from "@calabi/kernel";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { dynamicContentItemSchema } from "../schemas/dynamic-content-items.js";

/** Dynamic content items, each with its localized `variants`. Dynamic content needs Professional or above: refused plans skip. */
export const dynamicContentItems = defineRestStream({
  name: "dynamic_content_items",
  path: "dynamic_content/items",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "items",
  primaryKey: "id",
  schema: dynamicContentItemSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  rules: [planGated("dynamic_content_items", "dynamic content (Suite / Support Professional or above) and an admin, or an agent allowed to manage dynamic content")],
  start: (ctx) => startSeconds(ctx),
});
