/**
 * The skills-based routing change logs (incremental exports, 10 requests a minute): one event per
 * create / update / delete of an attribute or attribute value, and per (un)association of a value
 * with an agent or a ticket. The first request sends `start_time`, then `next_page` (a cursor URL)
 * is followed until a page with `count: 0`. Events of one record share its `id`, so the key is
 * (id, type, time). Enterprise (or the routing add-on) and an admin: refused plans skip.
 */
import { defineRestStream, nextPagePaginator, type SchemaSource } from "@calabi/kernel";
import { planGated } from "../common/plan-gate.js";
import { exportStartTime, startSeconds } from "../common/start.js";
import { routingAttributeEventSchema, routingAttributeValueEventSchema, routingInstanceValueEventSchema } from "../schemas/routing-exports.js";

const REQUIREMENT = "skills-based routing (an Enterprise plan or the routing add-on) and an admin user";

function routingExport(name: string, log: string, schema: SchemaSource) {
  return defineRestStream({
    name,
    path: `incremental/routing/${log}`,
    paginator: () => nextPagePaginator(),
    records: log,
    primaryKey: [["id"], ["type"], ["time"]],
    schema,
    incremental: { kind: "server", cursorField: "time", stateFormat: "unix", startParams: (start, ctx) => ({ start_time: exportStartTime(start, ctx) }) },
    rules: [planGated(name, REQUIREMENT)],
    start: (ctx) => startSeconds(ctx),
  });
}

export const routingAttributes = routingExport("routing_attributes", "attributes", routingAttributeEventSchema);
export const routingAttributeValues = routingExport("routing_attribute_values", "attribute_values", routingAttributeValueEventSchema);
export const routingInstanceValues = routingExport("routing_instance_values", "instance_values", routingInstanceValueEventSchema);
