/**
 * Users and their identities. Index 0 is the account owner (an admin; the
 * user behind `/users/me`), then the other agents, then end users.
 */
import { labelHash, Rng, weightTable } from "../prng.js";
import { toIso } from "../clock.js";
import { bigId } from "./ids.js";
import { apiBase, DAY, type AccountShape, type CustomFieldDef } from "./shape.js";
import { clusteredSecond, laterSecond } from "./time.js";
import { FIRST_NAMES, LAST_NAMES, LOCALES, TIME_ZONES } from "./vocab.js";
import { attachJson, compileWriter } from "../json-text.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

const LOCALE_TABLE = weightTable(LOCALES.map(([l, id, w]) => [[l, id] as const, w] as const));
const DOMAINS = ["example.com", "example.org", "example.net"];
const USER_ORG_HASH = labelHash("user:org");
const USER_HASH = labelHash("user");
const USER_TIMES_HASH = labelHash("user:times");
const USER_DELETED_HASH = labelHash("user:deleted");
/** `${first}.${last}`.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "") is per character, so per name */
const emailPart = (name: string): string => name.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "");
const FIRST_EMAIL = FIRST_NAMES.map(emailPart);
const LAST_EMAIL = LAST_NAMES.map(emailPart);

/** What the generators need of a shape that is the same for every record, computed once per shape. */
interface UserConsts {
  base: string;
  host: string;
  agentDomain: string;
  commonTags: readonly string[];
  fieldHashes: number[];
}
const USER_CONSTS = new WeakMap<AccountShape, UserConsts>();
function userConsts(shape: AccountShape): UserConsts {
  let c = USER_CONSTS.get(shape);
  if (!c) {
    c = {
      base: apiBase(shape),
      host: `https://${shape.subdomain}.zendesk.com`,
      agentDomain: `${shape.subdomain}.example.com`,
      commonTags: shape.tagPool.slice(0, 30),
      fieldHashes: shape.userFields.map((def) => labelHash(`user:f:${def.key}`)),
    };
    USER_CONSTS.set(shape, c);
  }
  return c;
}

export function userCount(shape: AccountShape): number {
  return shape.counts.agents + shape.counts.endUsers;
}

/** Organization index of user `index` (-1 = none). Pure, so tickets can use it. */
export function userOrganizationIndex(shape: AccountShape, index: number): number {
  if (index < shape.counts.agents) return index === 0 ? 0 : -1;
  const rng = Rng.forHash(shape.seed, USER_ORG_HASH, index);
  if (rng.bool(0.3)) return -1;
  return rng.zipf(shape.counts.organizations, 0.9);
}

export function userId(shape: AccountShape, index: number): number {
  return bigId(shape.seed, "user", index);
}

export function customFieldValue(rng: Rng, def: CustomFieldDef, anchor: number): Json {
  const set = rng.bool(def.fill);
  switch (def.type) {
    case "checkbox":
      return set ? rng.bool(0.2) : false;
    case "integer":
      return set ? rng.int(1, 500) : null;
    case "decimal":
      return set ? Math.round(rng.float() * 10000) / 100 : null;
    case "date":
      return set ? toIso(anchor - rng.int(0, 300) * DAY).slice(0, 10) : null;
    case "tagger":
    case "dropdown":
      return set ? rng.pick(def.options ?? ["option_a"]) : null;
    case "regexp":
      return set ? `AC-${rng.int(1000, 9999)}` : null;
    default:
      return set ? `${rng.pick(["ORD", "PO", "REF"])}-${rng.int(10000, 99999)}` : null;
  }
}

interface UserTimes {
  created: number;
  updated: number;
}

export function userTimes(shape: AccountShape, index: number): UserTimes {
  const rng = Rng.forHash(shape.seed, USER_TIMES_HASH, index);
  const agents = shape.counts.agents;
  let created: number;
  if (index < agents) {
    // agents join early in the account's life
    created = clusteredSecond(shape.seed, "user:agent", index, agents, 0.2, shape.historyStart - 30 * DAY, shape.historyStart);
  } else {
    created = clusteredSecond(shape.seed, "user:end", index - agents, shape.counts.endUsers, 0.2, shape.historyStart - 20 * DAY, shape.historyEnd - DAY);
  }
  const updated = laterSecond(rng, created, 200 * DAY, shape.historyEnd, 0.35);
  return { created, updated };
}

/** The 30 most common tag words (users and organizations draw their tags from them). */
export const COMMON_TAGS = (shape: AccountShape): readonly string[] => shape.tagPool.slice(0, 30);

/**
 * The name and email of user `index` as `generateUser` makes them (email null for a deleted user),
 * from the few draws they need: tickets show their requester's.
 */
export function userPerson(shape: AccountShape, index: number): { email: string | null; name: string } {
  const rng = Rng.forHash(shape.seed, USER_HASH, index);
  const isAgent = index < shape.counts.agents;
  if (isAgent && index !== 0) rng.float(); // the role draw
  const f = Math.floor(rng.float() * FIRST_NAMES.length);
  const l = Math.floor(rng.float() * LAST_NAMES.length);
  const name = `${FIRST_NAMES[f]} ${LAST_NAMES[l]}`;
  if (!isAgent && Rng.forHash(shape.seed, USER_DELETED_HASH, index).bool(shape.deletedUserRate)) return { email: null, name };
  const orgIndex = userOrganizationIndex(shape, index);
  const domain = isAgent ? userConsts(shape).agentDomain : orgIndex >= 0 ? `org${orgIndex}.example.com` : rng.pick(DOMAINS);
  return { email: `${FIRST_EMAIL[f]}.${LAST_EMAIL[l]}${index}@${domain}`, name };
}

export function generateUser(shape: AccountShape, index: number): JsonObject {
  const c = userConsts(shape);
  const rng = Rng.forHash(shape.seed, USER_HASH, index);
  const id = userId(shape, index);
  const isAgent = index < shape.counts.agents;
  const role = index === 0 ? "admin" : isAgent ? (rng.bool(0.15) ? "admin" : "agent") : "end-user";
  const fi = Math.floor(rng.float() * FIRST_NAMES.length);
  const li = Math.floor(rng.float() * LAST_NAMES.length);
  const first = FIRST_NAMES[fi];
  const last = LAST_NAMES[li];
  const orgIndex = userOrganizationIndex(shape, index);
  const emailLocal = `${FIRST_EMAIL[fi]}.${LAST_EMAIL[li]}`;
  const domain = isAgent ? c.agentDomain : orgIndex >= 0 ? `org${orgIndex}.example.com` : rng.pick(DOMAINS);
  const [timeZone, iana] = rng.pick(TIME_ZONES);
  const [locale, localeId] = rng.pickWeighted(LOCALE_TABLE);
  const { created, updated } = userTimes(shape, index);
  const base = c.base;
  const userFields: JsonObject = {};
  const defs = shape.userFields;
  for (let k = 0; k < defs.length; k++) userFields[defs[k].key] = customFieldValue(Rng.forHash(shape.seed, c.fieldHashes[k], index), defs[k], shape.anchor);
  let photo: Json = null;
  if (rng.bool(isAgent ? 0.6 : 0.15)) {
    const photoId = bigId(shape.seed, "attachment", index * 2);
    const thumbId = bigId(shape.seed, "attachment", index * 2 + 1);
    const file = `profile_image_${id}_${rng.int(1000000, 99999999)}.png`;
    const thumb = file.replace(".png", "_thumb.png");
    const host = c.host;
    photo = {
      url: `${base}/attachments/${photoId}.json`,
      id: photoId,
      file_name: file,
      content_url: `${host}/system/photos/${photoId}/${file}`,
      mapped_content_url: `${host}/system/photos/${photoId}/${file}`,
      content_type: "image/png",
      size: rng.int(4000, 40000),
      width: 80,
      height: 80,
      inline: false,
      deleted: false,
      thumbnails: [
        {
          url: `${base}/attachments/${thumbId}.json`,
          id: thumbId,
          file_name: thumb,
          content_url: `${host}/system/photos/${photoId}/${thumb}`,
          mapped_content_url: `${host}/system/photos/${photoId}/${thumb}`,
          content_type: "image/png",
          size: rng.int(1000, 4000),
          width: 32,
          height: 32,
          inline: false,
          deleted: false,
        },
      ],
    };
  }
  const admin = role === "admin";
  const user: JsonObject = {
    id,
    url: `${base}/users/${id}.json`,
    name: `${first} ${last}`,
    email: `${emailLocal}${index}@${domain}`,
    created_at: toIso(created),
    updated_at: toIso(updated),
    time_zone: timeZone,
    iana_time_zone: iana,
    phone: rng.bool(0.2) ? `+1${rng.int(200, 999)}${rng.int(1000000, 9999999)}` : null,
    shared_phone_number: null,
    photo,
    locale_id: localeId,
    locale,
    organization_id: orgIndex >= 0 ? bigId(shape.seed, "organization", orgIndex) : null,
    role,
    verified: isAgent ? true : rng.bool(0.6),
    external_id: rng.bool(0.25) ? `crm-${rng.int(100000, 999999)}` : null,
    tags: rng.bool(0.3) ? rng.sample(c.commonTags, rng.int(1, 2)) : [],
    alias: isAgent && rng.bool(0.3) ? first : null,
    active: true,
    shared: false,
    shared_agent: false,
    last_login_at: isAgent || rng.bool(0.3) ? toIso(laterSecond(rng, updated, 30 * DAY, shape.historyEnd, 0.1)) : null,
    two_factor_auth_enabled: isAgent ? rng.bool(0.5) : null,
    signature: isAgent && rng.bool(0.4) ? `Best regards,\n${first}` : null,
    details: rng.bool(0.1) ? "Prefers email contact." : null,
    notes: rng.bool(0.1) ? "Met at the customer summit." : null,
    role_type: admin ? 4 : isAgent ? (rng.bool(0.5) ? 0 : null) : null,
    custom_role_id: isAgent ? bigId(shape.seed, "ticketForm", 100 + (admin ? 0 : 1)) : null,
    moderator: admin,
    ticket_restriction: isAgent ? null : "requested",
    only_private_comments: false,
    restricted_agent: !isAgent,
    suspended: !isAgent && rng.bool(0.01),
    default_group_id: isAgent ? bigId(shape.seed, "group", index % Math.max(1, shape.counts.groups)) : null,
    report_csv: admin,
    user_fields: userFields,
  };
  // a few end users are deleted: they stay in the export, scrubbed, with active:false
  if (!isAgent && Rng.forHash(shape.seed, USER_DELETED_HASH, index).bool(shape.deletedUserRate)) return deletedUserShape(user);
  attachJson(user, writeUserJson);
  return user;
}

/**
 * Writes a generated (live) user's JSON (../json-text.ts): the record's fields in its key order;
 * the output equals JSON.stringify(user) as UTF-8 (record-json.test.ts).
 */
export const writeUserJson = compileWriter<JsonObject>([
  ["id", "num"], ["url", "str"], ["name", "str"], ["email", "str"], ["created_at", "str"], ["updated_at", "str"],
  ["time_zone", "str"], ["iana_time_zone", "str"], ["phone", "str"], ["shared_phone_number", "str"], ["photo", "json"],
  ["locale_id", "num"], ["locale", "str"], ["organization_id", "num"], ["role", "str"], ["verified", "bool"],
  ["external_id", "str"], ["tags", "strs"], ["alias", "str"], ["active", "bool"], ["shared", "bool"], ["shared_agent", "bool"],
  ["last_login_at", "str"], ["two_factor_auth_enabled", "bool"], ["signature", "str"], ["details", "str"], ["notes", "str"],
  ["role_type", "num"], ["custom_role_id", "num"], ["moderator", "bool"], ["ticket_restriction", "str"],
  ["only_private_comments", "bool"], ["restricted_agent", "bool"], ["suspended", "bool"], ["default_group_id", "num"],
  ["report_csv", "bool"], ["user_fields", "json"],
]);

/**
 * What a deleted user looks like in the users export (recorded): contact data
 * and organization removed, `active: false`, and a trailing
 * `permanently_deleted: false` key that live users do not have.
 */
export function deletedUserShape(user: JsonObject): JsonObject {
  return {
    ...user,
    email: null,
    phone: null,
    photo: null,
    organization_id: null,
    external_id: null,
    tags: [],
    active: false,
    last_login_at: null,
    user_fields: Object.fromEntries(Object.keys(user.user_fields as JsonObject).map((k) => [k, null])),
    permanently_deleted: false,
  };
}

/** The identities of a user: one primary email, sometimes a phone number. */
export function generateIdentities(shape: AccountShape, index: number, user: JsonObject): JsonObject[] {
  const rng = Rng.for(shape.seed, "identity", index);
  const base = apiBase(shape);
  const out: JsonObject[] = [];
  const mk = (k: number, type: string, value: string, primary: boolean): JsonObject => {
    const id = bigId(shape.seed, "identity", index * 2 + k);
    const created = user.created_at as string;
    return {
      url: `${base}/users/${user.id}/identities/${id}.json`,
      id,
      user_id: user.id as number,
      type,
      value,
      verified: (user.verified as boolean) || k > 0,
      primary,
      created_at: created,
      updated_at: created,
      undeliverable_count: 0,
      deliverable_state: "deliverable",
    };
  };
  if (user.active === false) return out;
  if (typeof user.email === "string") out.push(mk(0, "email", user.email, true));
  if (typeof user.phone === "string" && rng.bool(0.8)) out.push(mk(1, "phone_number", user.phone, false));
  return out;
}
