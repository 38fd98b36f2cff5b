/**
 * Users and their identities. Index 0 is the account owner (an admin; the
 * user behind `/users/me`), then the other agents, then end users.
 */
import type { Json, JsonObject } from "../core/types.js";
import { labelHash, Rng, weightTable } from "../util/prng.js";
import { toIso } from "../util/clock.js";
import { bigId } from "./ids.js";
import { apiBase, DAY, type AccountShape, type CustomFieldDef } from "./shape.js";
import { clusteredSecond, laterSecond } from "./time.js";
import { FIRST_NAMES, LAST_NAMES, LOCALES, TIME_ZONES } from "./vocab.js";
import { attachJson, ByteWriter } from "../util/json-text.js";
import { BytesSink, Key, keys, ObjectSink, partsText, word, type Part, type RecordSink, type Word } from "../store/record-sink.js";


const LOCALE_TABLE = weightTable(LOCALES.map(([l, id, w]) => [[word(l), id] as const, w] as const));
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
/** Made once per shape, kept in `shape.slots`. */
function userConsts(shape: AccountShape): UserConsts {
  return shape.slots.get(userConsts, (): UserConsts => ({
    base: apiBase(shape),
    host: `https://${shape.subdomain}.zendesk.com`,
    agentDomain: `${shape.subdomain}.example.com`,
    commonTags: shape.tagPool.slice(0, 30),
    fieldHashes: shape.userFields.map((def) => labelHash(`user:f:${def.key}`)),
  }));
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
  const p = userPersonParts(shape, index);
  return { email: p.email === null ? null : partsText(p.email), name: partsText(p.name) };
}

/** A user's name and email as the parts of their strings (../store/record-sink.ts `join`), email null for a deleted user. */
export interface PersonParts {
  name: readonly Part[];
  email: readonly Part[] | null;
}

/** `userPerson` as parts, which a ticket's bytes are written from without building the strings. */
export function userPersonParts(shape: AccountShape, index: number): PersonParts {
  const rng = Rng.forHash(shape.seed, USER_HASH, index);
  const isAgent = index < shape.counts.agents;
  if (isAgent && index !== 0) rng.float(); // the role draw
  const f = Math.floor(rng.float() * FIRST_NAMES.length);
  const l = Math.floor(rng.float() * LAST_NAMES.length);
  const name = nameParts(f, l);
  if (!isAgent && Rng.forHash(shape.seed, USER_DELETED_HASH, index).bool(shape.deletedUserRate)) return { email: null, name };
  return { email: emailParts(shape, rng, index, f, l), name };
}

const nameParts = (f: number, l: number): Part[] => [FIRST_WORDS[f], P.space, LAST_WORDS[l]];

/** `first.last<index>@<domain>`; the domain is the agents' one, the organization's, or drawn from `rng`. */
function emailParts(shape: AccountShape, rng: Rng, index: number, f: number, l: number): Part[] {
  const local = [FIRST_EMAIL_WORDS[f], P.dot, LAST_EMAIL_WORDS[l], index, P.at];
  if (index < shape.counts.agents) local.push(userWords(shape).agentDomain);
  else {
    const orgIndex = userOrganizationIndex(shape, index);
    if (orgIndex >= 0) local.push(P.org, orgIndex, P.exampleCom);
    else local.push(rng.pick(DOMAIN_WORDS));
  }
  return local;
}

const FIRST_WORDS = FIRST_NAMES.map(word);
const LAST_WORDS = LAST_NAMES.map(word);
const FIRST_EMAIL_WORDS = FIRST_EMAIL.map(word);
const LAST_EMAIL_WORDS = LAST_EMAIL.map(word);
const DOMAIN_WORDS = DOMAINS.map(word);
/** pieces of the users' composed strings */
const P = {
  space: word(" "),
  dot: word("."),
  at: word("@"),
  org: word("org"),
  exampleCom: word(".example.com"),
  plus1: word("+1"),
  crm: word("crm-"),
  bestRegards: word("Best regards,\n"),
  profileImage: word("profile_image_"),
  underscore: word("_"),
  slash: word("/"),
  png: word(".png"),
  thumbPng: word("_thumb.png"),
};

/** The user's keys, in its key order, and those of its photo. */
const K = keys(
  "id", "url", "name", "email", "created_at", "updated_at", "time_zone", "iana_time_zone", "phone", "shared_phone_number", "photo",
  "locale_id", "locale", "organization_id", "role", "verified", "external_id", "tags", "alias", "active", "shared", "shared_agent",
  "last_login_at", "two_factor_auth_enabled", "signature", "details", "notes", "role_type", "custom_role_id", "moderator",
  "ticket_restriction", "only_private_comments", "restricted_agent", "suspended", "default_group_id", "report_csv", "user_fields",
  "permanently_deleted",
  // photo
  "file_name", "content_url", "mapped_content_url", "content_type", "size", "width", "height", "inline", "deleted", "thumbnails",
);
const W = {
  json: word(".json"),
  admin: word("admin"),
  agent: word("agent"),
  endUser: word("end-user"),
  png: word("image/png"),
  requested: word("requested"),
  prefersEmail: word("Prefers email contact."),
  summit: word("Met at the customer summit."),
};
const TIME_ZONE_WORDS = TIME_ZONES.map(([zone, iana]) => [word(zone), word(iana)] as const);
const NO_TAGS: readonly Word[] = [];

/** The words of a shape's user records: url prefixes, domains, tags and user field keys. */
interface UserWords {
  /** `${apiBase}/users/`, `${apiBase}/attachments/`, `https://<subdomain>.zendesk.com/system/photos/` */
  users: Word;
  attachments: Word;
  photos: Word;
  agentDomain: Word;
  commonTags: Word[];
  fieldKeys: Key[];
}
/** Made once per shape, kept in `shape.slots`. */
function userWords(shape: AccountShape): UserWords {
  return shape.slots.get(userWords, (): UserWords => {
    const base = apiBase(shape);
    const consts = userConsts(shape);
    return {
      users: word(`${base}/users/`),
      attachments: word(`${base}/attachments/`),
      photos: word(`${consts.host}/system/photos/`),
      agentDomain: word(consts.agentDomain),
      commonTags: consts.commonTags.map(word),
      fieldKeys: shape.userFields.map((d) => new Key(d.key)),
    };
  });
}

/**
 * User `index` as a JsonObject. A few end users are deleted: they stay in the export, scrubbed,
 * with `active: false` (see `deletedUserShape`, which the generator's deleted records equal).
 */
export function generateUser(shape: AccountShape, index: number): JsonObject {
  const sink = new ObjectSink();
  emitUser(shape, index, sink);
  const user = sink.take();
  // jsonPage (../core/http.ts) writes the record by generating it again into the page's bytes
  attachJson(user, (w) => writeUserJson(w, shape, index));
  return user;
}

const BYTES_SINK = new BytesSink(new ByteWriter(64));

/** Appends the JSON of base user `index` (JSON.stringify of `generateUser`'s record) to `w`, building no object. */
export function writeUserJson(w: ByteWriter, shape: AccountShape, index: number): void {
  BYTES_SINK.w = w;
  emitUser(shape, index, BYTES_SINK);
}

/** Draws user `index` and emits its fields to `out` in key order. */
function emitUser(shape: AccountShape, index: number, out: RecordSink): void {
  const c = userConsts(shape);
  const words = userWords(shape);
  const rng = Rng.forHash(shape.seed, USER_HASH, index);
  const id = userId(shape, index);
  const isAgent = index < shape.counts.agents;
  // deleted end users keep their draws but show nulls instead of contact data (`deletedUserShape`)
  const deleted = !isAgent && Rng.forHash(shape.seed, USER_DELETED_HASH, index).bool(shape.deletedUserRate);
  const role = index === 0 ? W.admin : isAgent ? (rng.bool(0.15) ? W.admin : W.agent) : W.endUser;
  const fi = Math.floor(rng.float() * FIRST_NAMES.length);
  const li = Math.floor(rng.float() * LAST_NAMES.length);
  const first = FIRST_WORDS[fi];
  const orgIndex = userOrganizationIndex(shape, index);
  const email = emailParts(shape, rng, index, fi, li);
  const [timeZone, iana] = rng.pick(TIME_ZONE_WORDS);
  const [locale, localeId] = rng.pickWeighted(LOCALE_TABLE);
  const { created, updated } = userTimes(shape, index);
  const defs = shape.userFields;
  const fieldValues: Json[] = [];
  if (!deleted) for (let k = 0; k < defs.length; k++) fieldValues.push(customFieldValue(Rng.forHash(shape.seed, c.fieldHashes[k], index), defs[k], shape.anchor));
  const hasPhoto = rng.bool(isAgent ? 0.6 : 0.15);
  // the photo's draws: file name number, size, thumbnail size
  const photoNumber = hasPhoto ? rng.int(1000000, 99999999) : 0;
  const photoSize = hasPhoto ? rng.int(4000, 40000) : 0;
  const thumbSize = hasPhoto ? rng.int(1000, 4000) : 0;
  const admin = role === W.admin;

  out.begin();
  out.num(K.id, id);
  out.strNum(K.url, words.users, id, W.json);
  out.join(K.name, nameParts(fi, li));
  if (deleted) out.str(K.email, null);
  else out.join(K.email, email);
  out.time(K.created_at, created);
  out.time(K.updated_at, updated);
  out.word(K.time_zone, timeZone);
  out.word(K.iana_time_zone, iana);
  const phone = rng.bool(0.2) ? [P.plus1, rng.int(200, 999), rng.int(1000000, 9999999)] : null;
  if (deleted || phone === null) out.str(K.phone, null);
  else out.join(K.phone, phone);
  out.str(K.shared_phone_number, null);
  if (hasPhoto && !deleted) emitPhoto(out, shape, words, index, id, photoNumber, photoSize, thumbSize);
  else out.scalar(K.photo, null);
  out.num(K.locale_id, localeId);
  out.word(K.locale, locale);
  out.num(K.organization_id, orgIndex >= 0 && !deleted ? bigId(shape.seed, "organization", orgIndex) : null);
  out.word(K.role, role);
  out.bool(K.verified, isAgent ? true : rng.bool(0.6));
  const externalId = rng.bool(0.25) ? rng.int(100000, 999999) : -1;
  if (deleted || externalId < 0) out.str(K.external_id, null);
  else out.join(K.external_id, [P.crm, externalId]);
  const tags = rng.bool(0.3) ? rng.sample(words.commonTags, rng.int(1, 2)) : NO_TAGS;
  out.words(K.tags, deleted ? NO_TAGS : tags);
  out.word(K.alias, isAgent && rng.bool(0.3) ? first : null);
  out.bool(K.active, !deleted);
  out.bool(K.shared, false);
  out.bool(K.shared_agent, false);
  const lastLogin = isAgent || rng.bool(0.3) ? laterSecond(rng, updated, 30 * DAY, shape.historyEnd, 0.1) : null;
  out.time(K.last_login_at, deleted ? null : lastLogin);
  out.bool(K.two_factor_auth_enabled, isAgent ? rng.bool(0.5) : null);
  if (isAgent && rng.bool(0.4)) out.join(K.signature, [P.bestRegards, first]);
  else out.str(K.signature, null);
  out.word(K.details, rng.bool(0.1) ? W.prefersEmail : null);
  out.word(K.notes, rng.bool(0.1) ? W.summit : null);
  out.num(K.role_type, admin ? 4 : isAgent ? (rng.bool(0.5) ? 0 : null) : null);
  out.num(K.custom_role_id, isAgent ? bigId(shape.seed, "ticketForm", 100 + (admin ? 0 : 1)) : null);
  out.bool(K.moderator, admin);
  out.word(K.ticket_restriction, isAgent ? null : W.requested);
  out.bool(K.only_private_comments, false);
  out.bool(K.restricted_agent, !isAgent);
  out.bool(K.suspended, !isAgent && rng.bool(0.01));
  out.num(K.default_group_id, isAgent ? bigId(shape.seed, "group", index % Math.max(1, shape.counts.groups)) : null);
  out.bool(K.report_csv, admin);
  out.open(K.user_fields);
  for (let k = 0; k < defs.length; k++) out.scalar(words.fieldKeys[k], deleted ? null : fieldValues[k]);
  out.close();
  if (deleted) out.bool(K.permanently_deleted, false);
  out.end();
}

/** `photo`: the profile image and its one thumbnail. */
function emitPhoto(out: RecordSink, shape: AccountShape, words: UserWords, index: number, id: number, n: number, size: number, thumbSize: number): void {
  const photoId = bigId(shape.seed, "attachment", index * 2);
  const thumbId = bigId(shape.seed, "attachment", index * 2 + 1);
  // profile_image_<user id>_<n>.png and profile_image_<user id>_<n>_thumb.png, under …/system/photos/<photo id>/
  const image = (fileId: number, end: Word, bytes: number, px: number): void => {
    out.strNum(K.url, words.attachments, fileId, W.json);
    out.num(K.id, fileId);
    out.join(K.file_name, [P.profileImage, id, P.underscore, n, end]);
    const url = [words.photos, photoId, P.slash, P.profileImage, id, P.underscore, n, end];
    out.join(K.content_url, url);
    out.join(K.mapped_content_url, url);
    out.word(K.content_type, W.png);
    out.num(K.size, bytes);
    out.num(K.width, px);
    out.num(K.height, px);
    out.bool(K.inline, false);
    out.bool(K.deleted, false);
  };
  out.open(K.photo);
  image(photoId, P.png, size, 80);
  out.openList(K.thumbnails);
  out.open(null);
  image(thumbId, P.thumbPng, thumbSize, 32);
  out.close();
  out.closeList();
  out.close();
}

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
