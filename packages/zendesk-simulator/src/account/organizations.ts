/** Organizations. A few are deleted (they keep coming back with `deleted_at`). */
import { Rng } from "../util/prng.js";
import { toIso } from "../util/clock.js";
import { bigId } from "./ids.js";
import { apiBase, DAY, type AccountShape } from "./shape.js";
import { clusteredSecond, laterSecond } from "./time.js";
import { customFieldValue } from "./users.js";
import type { JsonObject } from "../core/types.js";
import { COMPANY_SUFFIXES, COMPANY_WORDS } from "./vocab.js";

export function organizationTimes(shape: AccountShape, index: number): { created: number; updated: number; deleted: number | null } {
  const rng = Rng.for(shape.seed, "org:times", index);
  const created = clusteredSecond(shape.seed, "org", index, shape.counts.organizations, 0.35, shape.historyStart - 25 * DAY, shape.historyEnd - 2 * DAY);
  let updated = laterSecond(rng, created, 250 * DAY, shape.historyEnd, 0.65);
  let deleted: number | null = null;
  // index 0 is the owner's organization: never deleted
  if (index > 0 && (index === 2 || rng.bool(shape.deletedOrganizationRate))) {
    deleted = laterSecond(rng, updated, 60 * DAY, shape.historyEnd, 0);
    updated = deleted;
  }
  return { created, updated, deleted };
}

export function generateOrganization(shape: AccountShape, index: number): JsonObject {
  const rng = Rng.for(shape.seed, "org", index);
  const id = bigId(shape.seed, "organization", index);
  const { created, updated, deleted } = organizationTimes(shape, index);
  const name = `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIXES)} ${index + 1}`;
  const fields: JsonObject = {};
  for (const def of shape.organizationFields) fields[def.key] = customFieldValue(Rng.for(shape.seed, `org:f:${def.key}`, index), def, shape.anchor);
  return {
    url: `${apiBase(shape)}/organizations/${id}.json`,
    id,
    name,
    shared_tickets: rng.bool(0.2),
    shared_comments: rng.bool(0.1),
    external_id: rng.bool(0.3) ? `sf-${rng.hex(10)}` : null,
    created_at: toIso(created),
    updated_at: toIso(updated),
    domain_names: rng.bool(0.7) ? [`org${index}.example.com`] : [],
    details: rng.bool(0.2) ? "Key account, renewal in Q3." : null,
    notes: rng.bool(0.15) ? "Escalate billing issues to the account manager." : null,
    group_id: rng.bool(0.2) ? bigId(shape.seed, "group", rng.int(0, Math.max(0, shape.counts.groups - 1))) : null,
    tags: rng.bool(0.4) ? rng.sample(shape.tagPool.slice(0, 30), rng.int(1, 3)) : [],
    organization_fields: fields,
    deleted_at: deleted != null ? toIso(deleted) : null,
  };
}
