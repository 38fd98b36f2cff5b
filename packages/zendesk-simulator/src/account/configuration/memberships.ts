/**
 * Group memberships (every agent in their default group plus a few more) and organization
 * memberships (every user with an organization). Memberships created before 2019 on real accounts
 * have no `updated_at`; here about one in eight lacks it.
 */
import { Rng } from "../../util/prng.js";
import { bigId } from "../ids.js";
import { generateOrganization } from "../organizations.js";
import type { AccountShape } from "../shape.js";
import { userCount, userId, userOrganizationIndex } from "../users.js";
import type { JsonObject } from "../../core/types.js";
import { configId, configTimes, recordUrl } from "./common.js";

export function generateGroupMemberships(shape: AccountShape): JsonObject[] {
  const out: JsonObject[] = [];
  const groups = Math.max(1, shape.counts.groups);
  for (let agent = 0; agent < shape.counts.agents; agent++) {
    const rng = Rng.for(shape.seed, "groupMembership", agent);
    const home = agent % groups;
    const extra = rng.bool(0.4) && groups > 1 ? [(home + 1 + rng.int(0, groups - 2)) % groups] : [];
    for (const g of [home, ...extra]) {
      const index = out.length;
      const id = configId(shape.seed, "groupMembership", index);
      const times = configTimes(shape, "groupMembership", index);
      const legacy = index > 0 && Rng.for(shape.seed, "groupMembership:legacy", index).bool(0.125);
      out.push({
        url: recordUrl(shape, "group_memberships", id), id, user_id: userId(shape, agent), group_id: bigId(shape.seed, "group", g),
        default: g === home, created_at: times.created_at, ...(legacy ? {} : { updated_at: times.updated_at }),
      });
    }
  }
  return out;
}

export function generateOrganizationMemberships(shape: AccountShape): JsonObject[] {
  const out: JsonObject[] = [];
  const names = new Map<number, string>();
  const nameOf = (org: number) => names.get(org) ?? names.set(org, generateOrganization(shape, org).name as string).get(org)!;
  for (let user = 0; user < userCount(shape); user++) {
    const org = userOrganizationIndex(shape, user);
    if (org < 0) continue;
    const index = out.length;
    const id = configId(shape.seed, "organizationMembership", index);
    out.push({
      url: recordUrl(shape, "organization_memberships", id), id, user_id: userId(shape, user),
      organization_id: bigId(shape.seed, "organization", org), default: true, organization_name: nameOf(org),
      view_tickets: Rng.for(shape.seed, "organizationMembership", index).bool(0.2), ...configTimes(shape, "organizationMembership", index),
    });
  }
  return out;
}
