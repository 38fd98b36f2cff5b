/**
 * Tickets, with the fields real exports carry (see recorded/incremental-tickets-*.json).
 * Deleted tickets keep their row with status "deleted"; after 30 days they are
 * scrubbed (subject/raw_subject "SCRUBBED", description "X").
 */
import { labelHash, Rng, weightTable } from "../util/prng.js";
import { bigId } from "./ids.js";
import { apiBase, DAY, type AccountShape } from "./shape.js";
import { clusteredSecond, laterSecond } from "./time.js";
import { customFieldValue, userId, userOrganizationIndex, type PersonParts } from "./users.js";
import type { Json, JsonObject } from "../core/types.js";
import { PRODUCTS, PROBLEMS, SENTENCES } from "./vocab.js";
import { attachJson, ByteWriter } from "../util/json-text.js";
import { BytesSink, Const, Fixed, keys, ObjectSink, word, Word, type Key, type Part, type RecordSink } from "../store/record-sink.js";

export const SCRUB_AFTER_SECONDS = 30 * DAY;

/** Facts about a ticket that are not part of its JSON. */
export interface TicketMeta {
  /** Unix seconds of deletion, when status is "deleted". */
  deletedAt: number | null;
  /** status before deletion */
  previousStatus: string | null;
  /** id of the user who deleted it */
  deletedBy: number | null;
  scrubbed: boolean;
}

const TICKET_HASH = labelHash("ticket");
const TICKET_TIMES_HASH = labelHash("ticket:times");

export function ticketTimes(shape: AccountShape, index: number): { created: number; updated: number; generated: number } {
  const rng = Rng.forHash(shape.seed, TICKET_TIMES_HASH, index);
  const created = clusteredSecond(shape.seed, "ticket", index, shape.counts.tickets, 0.15, shape.historyStart, shape.historyEnd - 60);
  const updated = laterSecond(rng, created, 60 * DAY, shape.historyEnd, 0.2);
  // system updates (SLA, automations) bump generated_timestamp without touching updated_at
  const generated = rng.bool(0.3) ? laterSecond(rng, updated, 5 * DAY, shape.historyEnd, 0) : updated;
  return { created, updated, generated };
}

const STATUS_OLD = weightTable([["closed", 70], ["solved", 20], ["pending", 4], ["open", 4], ["hold", 2]].map(([s, n]) => [word(s as string), n as number] as const));
const STATUS_MID = weightTable([["solved", 40], ["closed", 20], ["open", 20], ["pending", 15], ["hold", 5]].map(([s, n]) => [word(s as string), n as number] as const));
const STATUS_NEW = weightTable([["new", 25], ["open", 40], ["pending", 20], ["hold", 5], ["solved", 10]].map(([s, n]) => [word(s as string), n as number] as const));
function statusFor(rng: Rng, ageDays: number): Word {
  return rng.pickWeighted(ageDays > 30 ? STATUS_OLD : ageDays > 7 ? STATUS_MID : STATUS_NEW);
}
const DELETED = word("deleted");
const CHANNELS = weightTable([["email", 45], ["web", 25], ["api", 15], ["mobile", 5], ["voice", 5], ["chat", 5]].map(([s, n]) => [word(s as string), n as number] as const));
const TAG_COUNTS = weightTable([[0, 20], [1, 35], [2, 30], [3, 15]] as const);
/** unoffered, offered, good, bad */
const RATINGS = weightTable([[0, 40], [1, 30], [2, 22], [3, 8]] as const);
const GOOD_COMMENTS = ["Thanks, very quick!", "", "Great help"].map(word);
const TYPES = weightTable<Word | null>([[null, 30], [word("question"), 30], [word("incident"), 20], [word("problem"), 8], [word("task"), 12]]);
const PRIORITIES = weightTable<Word | null>([[null, 25], [word("low"), 20], [word("normal"), 40], [word("high"), 12], [word("urgent"), 3]]);
const VOICE_RELS = ["voicemail", "inbound"].map(word);
/** PROBLEMS split at their one placeholder: the subject is `before + (product | number) + after`. */
const PROBLEM_PARTS = PROBLEMS.map((p) => {
  const at = p.search(/\{[pn]\}/);
  return at < 0 ? { before: word(p), kind: "", after: word("") } : { before: word(p.slice(0, at)), kind: p[at + 1], after: word(p.slice(at + 3)) };
});
const PRODUCT_WORDS = PRODUCTS.map(word);
const SENTENCE_WORDS = SENTENCES.map(word);
const SPACE = word(" ");
/** subject and description of a scrubbed ticket */
const SCRUBBED: readonly Part[] = [word("SCRUBBED")];
const SCRUBBED_DESCRIPTION: readonly Part[] = [word("X")];
const W = {
  json: word(".json"),
  unoffered: word("unoffered"),
  offered: word("offered"),
  good: word("good"),
  bad: word("bad"),
  noReason: word("No reason provided"),
  tooLong: word("Took too long"),
  tooLongReason: word("The issue took too long to resolve"),
  support: word("Support"),
  supportPhone: word("+12059531462"),
  plus1: word("+1"),
  callerPlus1: word("Caller +1"),
};
/** The ticket's keys, in its key order, and those of its nested objects. */
const K = keys(
  "url", "id", "external_id", "via", "created_at", "updated_at", "type", "subject", "raw_subject", "description", "priority", "status",
  "recipient", "requester_id", "submitter_id", "assignee_id", "organization_id", "group_id", "collaborator_ids", "follower_ids",
  "email_cc_ids", "forum_topic_id", "problem_id", "has_incidents", "is_public", "due_at", "tags", "custom_fields",
  "satisfaction_rating", "sharing_agreement_ids", "custom_status_id", "fields", "followup_ids", "ticket_form_id", "brand_id",
  "allow_channelback", "allow_attachments", "from_messaging_channel", "generated_timestamp",
  // via
  "channel", "source", "from", "to", "rel", "address", "name", "formatted_phone", "phone",
  // custom_fields, satisfaction_rating
  "value", "score", "comment", "reason", "reason_id",
);
const NO_NUMBERS: readonly number[] = [];
const NO_IDS = new Fixed([[K.forum_topic_id, null], [K.problem_id, null]]);
const NO_SHARING = new Fixed([[K.sharing_agreement_ids, []]]);
const NO_FOLLOWUPS = new Fixed([[K.followup_ids, []]]);

/** What ticket generation needs of a shape that is the same for every ticket, computed once per shape. */
interface TicketConsts {
  /** `${apiBase}/tickets/` */
  urlPrefix: Word;
  supportAddress: Word;
  fieldHashes: number[];
  taggerField: boolean[];
  fieldIds: Const[];
  formIds: Const[];
  /** custom_status_id by status */
  statusIds: Map<string, Const>;
  /** brand_id and the constant flags after it */
  tail: Fixed;
  /** the words of tags (the tag pool, dropdown values), made on first use */
  tagWords: Map<string, Word>;
}
/** Made once per shape, kept in `shape.slots`. */
function ticketConsts(shape: AccountShape): TicketConsts {
  return shape.slots.get(ticketConsts, (): TicketConsts => ({
    urlPrefix: word(`${apiBase(shape)}/tickets/`),
    supportAddress: word(`support@${shape.subdomain}.zendesk.com`),
    fieldHashes: shape.ticketFields.map((def) => labelHash(`ticket:f:${def.key}`)),
    taggerField: shape.ticketFields.map((def) => def.type === "tagger"),
    fieldIds: shape.ticketFields.map((def) => new Const(def.id)),
    formIds: shape.ticketFormIds.map((id) => new Const(id)),
    statusIds: new Map(Object.entries(shape.customStatusIds).map(([status, id]) => [status, new Const(id)])),
    tail: new Fixed([[K.brand_id, shape.brandIds[0]], [K.allow_channelback, false], [K.allow_attachments, true], [K.from_messaging_channel, false]]),
    tagWords: new Map(),
  }));
}

/** `via`, drawing its channel (and for voice the caller) from `rng`. */
function emitVia(out: RecordSink, rng: Rng, requester: Person | PersonParts, shape: AccountShape): void {
  const channel = rng.pickWeighted(CHANNELS);
  out.open(K.via);
  out.word(K.channel, channel);
  out.open(K.source);
  switch (channel.text) {
    case "email":
      out.open(K.from);
      if (typeof requester.name === "string") {
        out.str(K.address, requester.email as string | null);
        out.str(K.name, requester.name);
      } else {
        const email = requester.email as readonly Part[] | null;
        if (email === null) out.str(K.address, null);
        else out.join(K.address, email);
        out.join(K.name, requester.name);
      }
      out.close();
      out.open(K.to);
      out.word(K.name, W.support);
      out.word(K.address, ticketConsts(shape).supportAddress);
      out.close();
      out.scalar(K.rel, null);
      break;
    case "voice": {
      // the caller's number is drawn before the rel, as it always was
      const area = rng.int(200, 999);
      const number = rng.int(1000000, 9999999);
      out.word(K.rel, rng.pick(VOICE_RELS));
      out.open(K.from);
      out.join(K.formatted_phone, [W.plus1, area, number]);
      out.join(K.phone, [W.plus1, area, number]);
      out.join(K.name, [W.callerPlus1, area, number]);
      out.close();
      out.open(K.to);
      out.word(K.formatted_phone, W.supportPhone);
      out.word(K.phone, W.supportPhone);
      out.word(K.name, W.support);
      out.num(K.brand_id, shape.brandIds[0]);
      out.close();
      break;
    }
    default:
      out.open(K.from);
      out.close();
      out.open(K.to);
      out.close();
      out.scalar(K.rel, null);
  }
  out.close();
  out.close();
}

/** `custom_fields` and `fields`: `[{"id":…,"value":…},…]`. */
function emitFields(out: RecordSink, k: Key, ids: readonly Const[], values: Json[]): void {
  out.openList(k);
  for (let i = 0; i < ids.length; i++) {
    out.open(null);
    out.constant(K.id, ids[i]);
    out.scalar(K.value, values[i]);
    out.close();
  }
  out.closeList();
}

/** The tags as words (sorted strings in, same order out). */
function tagWords(c: TicketConsts, tags: readonly string[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < tags.length; i++) {
    let w = c.tagWords.get(tags[i]);
    if (w === undefined) c.tagWords.set(tags[i], (w = word(tags[i])));
    out.push(w);
  }
  return out;
}

/** Sorts a few strings in place like `Array#sort()` (UTF-16 code unit order), without its generic machinery. */
function sortStrings(a: string[]): void {
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    for (; j >= 0 && a[j] > x; j--) a[j + 1] = a[j];
    a[j + 1] = x;
  }
}

/**
 * Where a page of tickets gets its requesters' names and emails (see `generateTicket`): strings, or
 * the parts of the strings (./users.ts `userPersonParts`), which the bytes path writes without building them.
 */
export type People = Person[] | ((userIndex: number) => Person | PersonParts | undefined);
export interface GeneratedTicket {
  record: JsonObject;
  meta: TicketMeta;
}

/** A requester as tickets show it; email null for a deleted user. */
export type Person = { email: string | null; name: string };

/** What the account's start-up pass keeps of a ticket (see `ticketFacts`). */
export interface TicketFacts {
  /** `created_at`, `updated_at` (the deletion second for deleted tickets) and `generated_timestamp`, Unix seconds */
  created: number;
  updated: number;
  generatedTimestamp: number;
  /** status as generated ("deleted" for deleted tickets) */
  status: string;
  requesterId: number;
  assigneeId: number | null;
  /** `satisfaction_rating.score`, or null when the ticket has no rating object */
  satisfactionScore: string | null;
  /** the ticket's `tags`, sorted */
  tags: string[];
  meta: TicketMeta;
}

/**
 * Ticket number `index + 1` as a JsonObject. `users` gives the requester's email and name, as an
 * array or a lookup by user index (kept out of here so tickets stay cheap).
 */
export function generateTicket(shape: AccountShape, index: number, users: People): GeneratedTicket {
  const sink = new ObjectSink();
  const meta = emitTicket(shape, index, users, sink);
  const record = sink.take();
  // jsonPage (../core/http.ts) writes the record by generating it again into the page's bytes
  attachJson(record, (w) => writeTicketJson(w, shape, index, users));
  return { record, meta };
}

const BYTES_SINK = new BytesSink(new ByteWriter(64));

/** Appends the JSON of base ticket `index` (JSON.stringify of `generateTicket`'s record) to `w`, building no object. */
export function writeTicketJson(w: ByteWriter, shape: AccountShape, index: number, users: People): void {
  BYTES_SINK.w = w;
  emitTicket(shape, index, users, BYTES_SINK);
}

/**
 * The ticket's times, status, people, rating score and deletion facts, without building the
 * record: the same draws as `generateTicket` up to the deletion decision (they are one function),
 * several times cheaper, so a 1,000,000-ticket account and its derived indexes (audits, metric
 * events, ratings, skips) build in seconds.
 */
export function ticketFacts(shape: AccountShape, index: number): TicketFacts {
  return emitTicket(shape, index, NO_PEOPLE, null);
}
const NO_PEOPLE: Person[] = [];

/**
 * Draws ticket `index` and emits its fields to `out` in key order (returns its meta); with no sink,
 * stops at the deletion decision and returns its facts.
 */
function emitTicket(shape: AccountShape, index: number, users: People, out: RecordSink): TicketMeta;
function emitTicket(shape: AccountShape, index: number, users: People, out: null): TicketFacts;
function emitTicket(shape: AccountShape, index: number, users: People, out: RecordSink | null): TicketMeta | TicketFacts {
  const c = ticketConsts(shape);
  const rng = Rng.forHash(shape.seed, TICKET_HASH, index);
  const id = index + 1;
  const { created, updated, generated } = ticketTimes(shape, index);
  const agents = shape.counts.agents;
  const requesterIndex = agents + rng.zipf(shape.counts.endUsers, 0.8);
  const requester = userId(shape, requesterIndex);
  const orgIndex = userOrganizationIndex(shape, requesterIndex);
  const ageDays = (shape.anchor - updated) / DAY;
  let status = statusFor(rng, ageDays);
  const assigned = status.text !== "new" || rng.bool(0.3);
  const groupIndex = rng.int(0, Math.max(0, shape.counts.groups - 1));
  const assigneeIndex = rng.int(0, agents - 1);
  const product = rng.pick(PRODUCT_WORDS);
  const problem = rng.pick(PROBLEM_PARTS);
  const number = rng.int(10000, 99999);
  const subject: readonly Part[] = problem.kind === "p" ? [problem.before, product, problem.after] : problem.kind === "n" ? [problem.before, number, problem.after] : [problem.before];
  // 2 to 4 distinct sentences joined by spaces
  const description = rng.sampleInto<Part>(SENTENCE_WORDS, rng.int(2, 4), SPACE, []);
  const tags: string[] = [];
  const nTags = rng.pickWeighted(TAG_COUNTS);
  for (let k = 0; k < nTags; k++) {
    const t = shape.tagPool[rng.zipf(shape.tagPool.length, 0.7)];
    if (!tags.includes(t)) tags.push(t);
  }
  // custom field values use their own generators, so skipping them (facts only) leaves the draws below unchanged;
  // the facts still need the tags, dropdown values included (the account counts them at start-up)
  const defs = shape.ticketFields;
  const values: Json[] = [];
  for (let k = 0; k < defs.length; k++) {
    if (out === null && !c.taggerField[k]) continue;
    const value = customFieldValue(Rng.forHash(shape.seed, c.fieldHashes[k], index), defs[k], shape.anchor);
    values[k] = value;
    // dropdown values also appear as tags, like the real product does
    if (c.taggerField[k] && typeof value === "string" && !tags.includes(value)) tags.push(value);
  }
  if (tags.length > 1) sortStrings(tags);
  // satisfaction_rating: none, {score} (unoffered/offered) or a full rating (good/bad)
  let score: Word | null = null;
  let comment: Word | null = null;
  let rated = false;
  if (status.text === "solved" || status.text === "closed") {
    // (the comment is drawn before the rating, as it always was)
    comment = rng.pick(GOOD_COMMENTS);
    const rating = rng.pickWeighted(RATINGS);
    score = rating === 0 ? W.unoffered : rating === 1 ? W.offered : rating === 2 ? W.good : W.bad;
    rated = rating >= 2;
  } else if (rng.bool(0.3)) {
    score = W.unoffered;
  }
  const collaborators = rng.bool(0.15) ? [userId(shape, agents + rng.zipf(shape.counts.endUsers))] : NO_NUMBERS;
  const followers = assigned && rng.bool(0.1) ? [userId(shape, rng.int(0, agents - 1))] : NO_NUMBERS;
  const type = rng.pickWeighted(TYPES);
  const user = (typeof users === "function" ? users(requesterIndex) : users[requesterIndex]) ?? { email: `user${requesterIndex}@example.com`, name: "Customer" };

  const meta: TicketMeta = { deletedAt: null, previousStatus: null, deletedBy: null, scrubbed: false };
  const liveStatus = status;
  let genTs = generated;
  let updTs = updated;
  let subj = subject;
  let desc: readonly Part[] = description;
  if (rng.bool(shape.deletedTicketRate)) {
    const deletedAt = laterSecond(rng, generated, 90 * DAY, shape.historyEnd, 0);
    meta.deletedAt = deletedAt;
    meta.previousStatus = status.text;
    meta.deletedBy = userId(shape, rng.int(0, agents - 1));
    status = DELETED;
    genTs = deletedAt;
    updTs = deletedAt;
    if (shape.anchor - deletedAt > SCRUB_AFTER_SECONDS) {
      meta.scrubbed = true;
      subj = SCRUBBED;
      desc = SCRUBBED_DESCRIPTION;
    }
  }
  if (out === null) {
    return {
      created,
      updated: updTs,
      generatedTimestamp: genTs,
      status: status.text,
      requesterId: requester,
      assigneeId: assigned ? userId(shape, assigneeIndex) : null,
      satisfactionScore: score === null ? null : score.text,
      tags,
      meta,
    };
  }

  // the record, field by field in key order; the draws below happen in this order
  out.begin();
  out.strNum(K.url, c.urlPrefix, id, W.json);
  out.num(K.id, id);
  out.str(K.external_id, rng.bool(0.1) ? `ext-${rng.hex(8)}` : null);
  emitVia(out, rng, user, shape);
  out.time(K.created_at, created);
  out.time(K.updated_at, updTs);
  out.word(K.type, type);
  out.join(K.subject, subj);
  out.join(K.raw_subject, subj);
  out.join(K.description, desc);
  out.word(K.priority, rng.pickWeighted(PRIORITIES));
  out.word(K.status, status);
  out.word(K.recipient, rng.bool(0.4) ? c.supportAddress : null);
  out.num(K.requester_id, requester);
  out.num(K.submitter_id, rng.bool(0.85) ? requester : userId(shape, rng.int(0, agents - 1)));
  out.num(K.assignee_id, assigned ? userId(shape, assigneeIndex) : null);
  out.num(K.organization_id, orgIndex >= 0 ? bigId(shape.seed, "organization", orgIndex) : null);
  out.num(K.group_id, assigned ? bigId(shape.seed, "group", groupIndex) : null);
  out.nums(K.collaborator_ids, collaborators);
  out.nums(K.follower_ids, followers);
  out.nums(K.email_cc_ids, collaborators);
  out.fixed(NO_IDS);
  out.bool(K.has_incidents, type !== null && type.text === "problem" && rng.bool(0.3));
  out.bool(K.is_public, rng.bool(0.92));
  out.time(K.due_at, type !== null && type.text === "task" ? created + rng.int(1, 14) * DAY : null);
  out.words(K.tags, tagWords(c, tags));
  emitFields(out, K.custom_fields, c.fieldIds, values);
  if (score === null) out.scalar(K.satisfaction_rating, null);
  else {
    out.open(K.satisfaction_rating);
    out.word(K.score, score);
    if (rated) {
      const good = score === W.good;
      out.num(K.id, bigId(shape.seed, "attachment", 5_000_000 + index));
      out.word(K.comment, good ? comment : W.tooLong);
      out.word(K.reason, good ? W.noReason : W.tooLongReason);
      out.num(K.reason_id, good ? 0 : 1001);
    }
    out.close();
  }
  out.fixed(NO_SHARING);
  out.constant(K.custom_status_id, c.statusIds.get(liveStatus.text) ?? c.statusIds.get("open")!);
  emitFields(out, K.fields, c.fieldIds, values);
  out.fixed(NO_FOLLOWUPS);
  out.constant(K.ticket_form_id, c.formIds[rng.bool(0.8) ? 0 : 1]);
  out.fixed(c.tail);
  out.num(K.generated_timestamp, genTs);
  out.end();
  return meta;
}
