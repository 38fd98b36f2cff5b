/**
 * JSON of base tickets and users written straight from their generator into a page's bytes, for
 * the export pages (../handlers/exports/incremental.ts): a base record never written since start-up is
 * regenerated from its index into a BytesSink (../store/record-sink.ts), so no record object is built or
 * kept alive while the page is written. Edited and new records (held by the LazyMap) are not base
 * records: their callers serialize the held object instead.
 */
import type { ByteWriter } from "../util/json-text.js";
import type { Account } from "./account.js";
import { LazyMap } from "../store/lazy-map.js";
import { writeTicketJson } from "./tickets.js";
import { userCount, userPersonParts, writeUserJson, type PersonParts } from "./users.js";

/** Writes record `id`'s JSON and returns true, or returns false (writing nothing) when `id` is not a base record. */
export type BaseJsonWriter = (id: number, w: ByteWriter) => boolean;

/** The base-record writer of an account's tickets or users (null when its records are not generated on demand). */
export function baseJsonWriter(account: Account, kind: "tickets" | "users"): BaseJsonWriter | null {
  return account.slots.get(baseJsonWriter, () => ({ tickets: ticketsWriter(account), users: usersWriter(account) }))[kind];
}

function ticketsWriter(account: Account): BaseJsonWriter | null {
  const byId = account.tickets.byId;
  if (!(byId instanceof LazyMap)) return null;
  const s = account.shape;
  const nUsers = userCount(s);
  // the requester's email and name as generated at start-up, as the account's own ticket generator has
  // them (`userPerson`), as parts: the bytes are written without building the strings
  const person = (i: number): PersonParts | undefined => (i < nUsers ? userPersonParts(s, i) : undefined);
  return (id, w) => {
    const i = byId.baseIndexOf(id);
    if (i < 0) return false;
    writeTicketJson(w, s, i, person);
    return true;
  };
}

function usersWriter(account: Account): BaseJsonWriter | null {
  const byId = account.users.byId;
  if (!(byId instanceof LazyMap)) return null;
  const s = account.shape;
  return (id, w) => {
    const i = byId.baseIndexOf(id);
    if (i < 0) return false;
    writeUserJson(w, s, i);
    return true;
  };
}
