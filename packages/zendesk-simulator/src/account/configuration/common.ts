/** Shared helpers of the configuration-object generators: ids, timestamps, record urls. */
import { toIso } from "../../util/clock.js";
import { hashString, mix, Rng } from "../../util/prng.js";
import { apiBase, DAY, type AccountShape } from "../shape.js";
import { laterSecond } from "../time.js";
import type { JsonObject } from "../../core/types.js";

/** Id ranges of the configuration resources (apart from the ranges in ../ids.ts). */
const CONFIG_ID_BASE = {
  trigger: 7_200_000_000_000,
  automation: 7_300_000_000_000,
  macro: 7_400_000_000_000,
  slaPolicy: 7_500_000_000_000,
  schedule: 7_600_000_000_000,
  groupMembership: 7_700_000_000_000,
  organizationMembership: 7_800_000_000_000,
} as const;

export type ConfigIdKind = keyof typeof CONFIG_ID_BASE;

/** Id of record `index` of `kind`: increasing in index, like ids.ts's bigId. */
export function configId(seed: number, kind: ConfigIdKind, index: number): number {
  return CONFIG_ID_BASE[kind] + index * 1000 + (mix(seed, hashString(kind), index) % 997);
}

/** A ULID-looking string id (routing attributes use them), deterministic in (seed, label, index). */
export function ulid(seed: number, label: string, index: number): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const rng = Rng.for(seed, `ulid:${label}`, index);
  let s = "01H";
  for (let i = 0; i < 23; i++) s += alphabet[rng.int(0, 31)];
  return s;
}

/** created_at / updated_at of configuration record `index` of `label`: set up early, edited now and then. */
export function configTimes(shape: AccountShape, label: string, index: number): { created_at: string; updated_at: string } {
  const rng = Rng.for(shape.seed, `config:${label}:times`, index);
  const created = Math.min(shape.historyEnd, shape.historyStart - 60 * DAY + index * 7200 + rng.int(0, 3600));
  const updated = laterSecond(rng, created, 380 * DAY, shape.historyEnd, 0.4);
  return { created_at: toIso(created), updated_at: toIso(updated) };
}

export function recordUrl(shape: AccountShape, resource: string, id: number | string): string {
  return `${apiBase(shape)}/${resource}/${id}.json`;
}

export type Generated = JsonObject[];
