/**
 * Record ids. Tickets use small sequential "nice ids" like the real API; every
 * other resource uses large 13-digit ids that increase with the record index,
 * so id order is creation order (as on a real account).
 */
import { hashString, mix3 } from "../util/prng.js";

export const ID_BASE = {
  user: 6_100_000_000_000,
  organization: 6_200_000_000_000,
  group: 6_300_000_000_000,
  identity: 6_400_000_000_000,
  ticketField: 6_500_000_000_000,
  brand: 6_600_000_000_000,
  ticketForm: 6_700_000_000_000,
  customStatus: 6_800_000_000_000,
  userField: 6_900_000_000_000,
  organizationField: 7_000_000_000_000,
  attachment: 7_100_000_000_000,
} as const;

export type IdKind = keyof typeof ID_BASE;

/** Id of record `index` of `kind`: strictly increasing in index, gaps look organic. */
export function bigId(seed: number, kind: IdKind, index: number): number {
  return ID_BASE[kind] + index * 1000 + (mix3(seed, KIND_HASH[kind], index) % 997);
}

const KIND_HASH = Object.fromEntries(Object.keys(ID_BASE).map((k) => [k, hashString(k)])) as Record<IdKind, number>;
