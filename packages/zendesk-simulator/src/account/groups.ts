/** Groups. The last few are deleted (only listed with `exclude_deleted=false`). */
import { Rng } from "../util/prng.js";
import { toIso } from "../util/clock.js";
import { bigId } from "./ids.js";
import { apiBase, DAY, type AccountShape } from "./shape.js";
import { laterSecond } from "./time.js";
import type { JsonObject } from "../core/types.js";

export function groupTotal(shape: AccountShape): number {
  return shape.counts.groups + shape.counts.deletedGroups;
}

export function generateGroup(shape: AccountShape, index: number): JsonObject {
  const rng = Rng.for(shape.seed, "group", index);
  const id = bigId(shape.seed, "group", index);
  const created = shape.historyStart - 30 * DAY + index * 3600 + rng.int(0, 3000);
  const deleted = index >= shape.counts.groups;
  const updated = deleted ? laterSecond(rng, created + 100 * DAY, 100 * DAY, shape.historyEnd, 0) : laterSecond(rng, created, 300 * DAY, shape.historyEnd, 0.5);
  const name = shape.groupNames[index] ?? `Group ${index + 1}`;
  return {
    url: `${apiBase(shape)}/groups/${id}.json`,
    id,
    is_public: index === 0 ? true : rng.bool(0.85),
    name,
    description: rng.bool(0.5) ? `${name} team` : "",
    default: index === 0,
    deleted,
    created_at: toIso(created),
    updated_at: toIso(updated),
  };
}
