/**
 * Tickets, with the fields real exports carry (see recorded/incremental-tickets-*.json).
 * Deleted tickets keep their row with status "deleted"; after 30 days they are
 * scrubbed (subject/raw_subject "SCRUBBED", description "X").
 */
import { labelHash, Rng, weightTable } from "../prng.js";
import { toIso } from "../clock.js";
import { bigId } from "./ids.js";
import { apiBase, DAY, type AccountShape } from "./shape.js";
import { clusteredSecond, laterSecond } from "./time.js";
import { customFieldValue, userId, userOrganizationIndex, type Json, type JsonObject } from "./users.js";
import { PRODUCTS, PROBLEMS, SENTENCES } from "./vocab.js";
import { attachJson, chunk, compileWriter, type ByteWriter } from "../json-text.js";

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

const STATUS_OLD = weightTable([["closed", 70], ["solved", 20], ["pending", 4], ["open", 4], ["hold", 2]]);
const STATUS_MID = weightTable([["solved", 40], ["closed", 20], ["open", 20], ["pending", 15], ["hold", 5]]);
const STATUS_NEW = weightTable([["new", 25], ["open", 40], ["pending", 20], ["hold", 5], ["solved", 10]]);
function statusFor(rng: Rng, ageDays: number): string {
  return rng.pickWeighted(ageDays > 30 ? STATUS_OLD : ageDays > 7 ? STATUS_MID : STATUS_NEW);
}
const CHANNELS = weightTable([["email", 45], ["web", 25], ["api", 15], ["mobile", 5], ["voice", 5], ["chat", 5]] as const);
const TAG_COUNTS = weightTable([[0, 20], [1, 35], [2, 30], [3, 15]] as const);
/** unoffered, offered, good, bad */
const RATINGS = weightTable([[0, 40], [1, 30], [2, 22], [3, 8]] as const);
const GOOD_COMMENTS = ["Thanks, very quick!", "", "Great help"];
const TYPES = weightTable<Json>([[null, 30], ["question", 30], ["incident", 20], ["problem", 8], ["task", 12]]);
const PRIORITIES = weightTable<Json>([[null, 25], ["low", 20], ["normal", 40], ["high", 12], ["urgent", 3]]);
const VOICE_RELS = ["voicemail", "inbound"];
/** PROBLEMS split at their one placeholder: the subject is `before + (product | number) + after`. */
const PROBLEM_PARTS = PROBLEMS.map((p) => {
  const at = p.search(/\{[pn]\}/);
  return at < 0 ? { before: p, kind: "", after: "" } : { before: p.slice(0, at), kind: p[at + 1], after: p.slice(at + 3) };
});

/** What ticket generation needs of a shape that is the same for every ticket, computed once per shape. */
interface TicketConsts {
  base: string;
  supportAddress: string;
  fieldHashes: number[];
  taggerField: boolean[];
}
const TICKET_CONSTS = new WeakMap<AccountShape, TicketConsts>();
function ticketConsts(shape: AccountShape): TicketConsts {
  let c = TICKET_CONSTS.get(shape);
  if (!c) {
    c = {
      base: apiBase(shape),
      supportAddress: `support@${shape.subdomain}.zendesk.com`,
      fieldHashes: shape.ticketFields.map((def) => labelHash(`ticket:f:${def.key}`)),
      taggerField: shape.ticketFields.map((def) => def.type === "tagger"),
    };
    TICKET_CONSTS.set(shape, c);
  }
  return c;
}

function via(rng: Rng, requesterEmail: string | null, requesterName: string, shape: AccountShape): JsonObject {
  const channel = rng.pickWeighted(CHANNELS);
  switch (channel) {
    case "email":
      return {
        channel,
        source: {
          from: { address: requesterEmail, name: requesterName },
          to: { name: "Support", address: ticketConsts(shape).supportAddress },
          rel: null,
        },
      };
    case "voice": {
      const phone = `+1${rng.int(200, 999)}${rng.int(1000000, 9999999)}`;
      return {
        channel,
        source: {
          rel: rng.pick(VOICE_RELS),
          from: { formatted_phone: phone, phone, name: `Caller ${phone}` },
          to: { formatted_phone: "+12059531462", phone: "+12059531462", name: "Support", brand_id: shape.brandIds[0] },
        },
      };
    }
    default:
      return { channel, source: { from: {}, to: {}, rel: null } };
  }
}

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
 * The ticket's times, status, people, rating score and deletion facts, without building the
 * record: the same draws as `generateTicket` up to the deletion decision (a test holds them
 * equal), several times cheaper, so a 1,000,000-ticket account and its derived indexes (audits,
 * metric events, ratings, skips) build in seconds.
 */
export function ticketFacts(shape: AccountShape, index: number): TicketFacts {
  return generateTicket(shape, index, NO_PEOPLE, true);
}
const NO_PEOPLE: Person[] = [];

/**
 * Ticket number `index + 1`. `requesterEmail`/`requesterName` come from the
 * users the caller generated, as an array or a lookup by user index (kept out of here so tickets stay cheap).
 */
export function generateTicket(shape: AccountShape, index: number, users: Person[] | ((userIndex: number) => Person | undefined)): GeneratedTicket;
export function generateTicket(shape: AccountShape, index: number, users: Person[] | ((userIndex: number) => Person | undefined), factsOnly: true): TicketFacts;
export function generateTicket(shape: AccountShape, index: number, users: Person[] | ((userIndex: number) => Person | undefined), factsOnly = false): GeneratedTicket | TicketFacts {
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
  const assigned = status !== "new" || rng.bool(0.3);
  const groupIndex = rng.int(0, Math.max(0, shape.counts.groups - 1));
  const assigneeIndex = rng.int(0, agents - 1);
  const product = rng.pick(PRODUCTS);
  const problem = rng.pick(PROBLEM_PARTS);
  const number = rng.int(10000, 99999);
  const subject = problem.kind === "p" ? problem.before + product + problem.after : problem.kind === "n" ? problem.before + number + problem.after : problem.before;
  const description = rng.sampleJoin(SENTENCES, rng.int(2, 4), " ");
  const tags: string[] = [];
  const nTags = rng.pickWeighted(TAG_COUNTS);
  for (let k = 0; k < nTags; k++) {
    const t = shape.tagPool[rng.zipf(shape.tagPool.length, 0.7)];
    if (!tags.includes(t)) tags.push(t);
  }
  // custom field values use their own generators, so skipping them leaves the draws below unchanged
  const customFields: JsonObject[] = [];
  const fields: JsonObject[] = [];
  if (!factsOnly) {
    const defs = shape.ticketFields;
    for (let k = 0; k < defs.length; k++) {
      const value = customFieldValue(Rng.forHash(shape.seed, c.fieldHashes[k], index), defs[k], shape.anchor);
      customFields.push({ id: defs[k].id, value });
      fields.push({ id: defs[k].id, value });
      // dropdown values also appear as tags, like the real product does
      if (c.taggerField[k] && typeof value === "string" && !tags.includes(value)) tags.push(value);
    }
  } else {
    // the facts still need the tags, dropdown values included (the account counts them at start-up)
    const defs = shape.ticketFields;
    for (let k = 0; k < defs.length; k++) {
      if (!c.taggerField[k]) continue;
      const value = customFieldValue(Rng.forHash(shape.seed, c.fieldHashes[k], index), defs[k], shape.anchor);
      if (typeof value === "string" && !tags.includes(value)) tags.push(value);
    }
  }
  if (tags.length > 1) tags.sort();
  let satisfaction: Json = null;
  if (status === "solved" || status === "closed") {
    // (the comment is drawn before the rating, as it always was)
    const comment = rng.pick(GOOD_COMMENTS);
    switch (rng.pickWeighted(RATINGS)) {
      case 0:
        satisfaction = { score: "unoffered" };
        break;
      case 1:
        satisfaction = { score: "offered" };
        break;
      case 2:
        satisfaction = { score: "good", id: bigId(shape.seed, "attachment", 5_000_000 + index), comment, reason: "No reason provided", reason_id: 0 };
        break;
      default:
        satisfaction = { score: "bad", id: bigId(shape.seed, "attachment", 5_000_000 + index), comment: "Took too long", reason: "The issue took too long to resolve", reason_id: 1001 };
    }
  } else if (rng.bool(0.3)) {
    satisfaction = { score: "unoffered" };
  }
  const collaborators = rng.bool(0.15) ? [userId(shape, agents + rng.zipf(shape.counts.endUsers))] : [];
  const followers = assigned && rng.bool(0.1) ? [userId(shape, rng.int(0, agents - 1))] : [];
  const type = rng.pickWeighted(TYPES);
  const user = (typeof users === "function" ? users(requesterIndex) : users[requesterIndex]) ?? { email: `user${requesterIndex}@example.com`, name: "Customer" };

  const meta: TicketMeta = { deletedAt: null, previousStatus: null, deletedBy: null, scrubbed: false };
  let genTs = generated;
  let updTs = updated;
  let subj = subject;
  let desc = description;
  if (rng.bool(shape.deletedTicketRate)) {
    const deletedAt = laterSecond(rng, generated, 90 * DAY, shape.historyEnd, 0);
    meta.deletedAt = deletedAt;
    meta.previousStatus = status;
    meta.deletedBy = userId(shape, rng.int(0, agents - 1));
    status = "deleted";
    genTs = deletedAt;
    updTs = deletedAt;
    if (shape.anchor - deletedAt > SCRUB_AFTER_SECONDS) {
      meta.scrubbed = true;
      subj = "SCRUBBED";
      desc = "X";
    }
  }
  if (factsOnly) {
    const scored = satisfaction as JsonObject | null;
    return {
      created,
      updated: updTs,
      generatedTimestamp: genTs,
      status,
      requesterId: requester,
      assigneeId: assigned ? userId(shape, assigneeIndex) : null,
      satisfactionScore: scored === null ? null : (scored.score as string),
      tags,
      meta,
    };
  }

  const record: JsonObject = {
    url: `${c.base}/tickets/${id}.json`,
    id,
    external_id: rng.bool(0.1) ? `ext-${rng.hex(8)}` : null,
    via: via(rng, user.email, user.name, shape),
    created_at: toIso(created),
    updated_at: toIso(updTs),
    type,
    subject: subj,
    raw_subject: subj,
    description: desc,
    priority: rng.pickWeighted(PRIORITIES),
    status,
    recipient: rng.bool(0.4) ? c.supportAddress : null,
    requester_id: requester,
    submitter_id: rng.bool(0.85) ? requester : userId(shape, rng.int(0, agents - 1)),
    assignee_id: assigned ? userId(shape, assigneeIndex) : null,
    organization_id: orgIndex >= 0 ? bigId(shape.seed, "organization", orgIndex) : null,
    group_id: assigned ? bigId(shape.seed, "group", groupIndex) : null,
    collaborator_ids: collaborators,
    follower_ids: followers,
    email_cc_ids: collaborators.slice(),
    forum_topic_id: null,
    problem_id: null,
    has_incidents: type === "problem" && rng.bool(0.3),
    is_public: rng.bool(0.92),
    due_at: type === "task" ? toIso(created + rng.int(1, 14) * DAY) : null,
    tags,
    custom_fields: customFields,
    satisfaction_rating: satisfaction,
    sharing_agreement_ids: [],
    custom_status_id: shape.customStatusIds[meta.previousStatus ?? status] ?? shape.customStatusIds.open,
    fields,
    followup_ids: [],
    ticket_form_id: shape.ticketFormIds[rng.bool(0.8) ? 0 : 1],
    brand_id: shape.brandIds[0],
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
    generated_timestamp: genTs,
  };
  attachJson(record, writeTicketJson);
  return { record, meta };
}

type W = ByteWriter;
const writeFrom = compileWriter([["address", "str"], ["name", "str"]]);
const writeTo = compileWriter([["name", "str"], ["address", "str"]]);
const writeEmailSource = compileWriter([["from", (w: W, v: JsonObject) => writeFrom(w, v)], ["to", (w: W, v: JsonObject) => writeTo(w, v)], ["rel", "json"]]);
const writeEmailVia = compileWriter([["channel", "str"], ["source", (w: W, v: JsonObject) => writeEmailSource(w, v)]]);
const writeField = compileWriter([["id", "num"], ["value", "json"]]);
/** `[{"id":…,"value":…},…]` (custom_fields, fields) */
function writeFields(w: W, a: Json): void {
  if (!Array.isArray(a)) return w.json(a);
  w.byte(0x5b);
  for (let i = 0; i < a.length; i++) {
    if (i) w.byte(0x2c);
    writeField(w, a[i] as JsonObject);
  }
  w.byte(0x5d);
}
const writeScore = compileWriter([["score", "str"]]);
const writeRating = compileWriter([["score", "str"], ["id", "num"], ["comment", "str"], ["reason", "str"], ["reason_id", "num"]]);
/** satisfaction_rating as generateTicket builds it: null, `{score}` or a full rating */
function writeSatisfaction(w: W, v: Json): void {
  if (v === null) w.json(v);
  else if ((v as JsonObject).id === undefined) writeScore(w, v as JsonObject);
  else writeRating(w, v as JsonObject);
}
const EMPTY_SOURCE = chunk(`,"source":{"from":{},"to":{},"rel":null}}`);
const CHANNEL = chunk(`{"channel":`);
/** via as `via()` builds it: email and the sourceless channels by shape, voice generically */
function writeVia(w: W, v: JsonObject): void {
  if (v.channel === "email") writeEmailVia(w, v);
  else if (v.channel !== "voice") {
    w.raw(CHANNEL);
    w.nstr(v.channel);
    w.raw(EMPTY_SOURCE);
  } else w.json(v);
}

/**
 * Writes a generated ticket's JSON (../json-text.ts): the record's fields in its key order; the
 * output equals JSON.stringify(record) as UTF-8 (record-json.test.ts).
 */
export const writeTicketJson = compileWriter<JsonObject>([
  ["url", "str"], ["id", "num"], ["external_id", "str"], ["via", writeVia], ["created_at", "str"], ["updated_at", "str"],
  ["type", "str"], ["subject", "str"], ["raw_subject", "str"], ["description", "str"], ["priority", "str"], ["status", "str"],
  ["recipient", "str"], ["requester_id", "num"], ["submitter_id", "num"], ["assignee_id", "num"], ["organization_id", "num"],
  ["group_id", "num"], ["collaborator_ids", "nums"], ["follower_ids", "nums"], ["email_cc_ids", "nums"], ["forum_topic_id", "num"],
  ["problem_id", "num"], ["has_incidents", "bool"], ["is_public", "bool"], ["due_at", "str"], ["tags", "strs"],
  ["custom_fields", writeFields], ["satisfaction_rating", writeSatisfaction], ["sharing_agreement_ids", "nums"], ["custom_status_id", "num"],
  ["fields", writeFields], ["followup_ids", "nums"], ["ticket_form_id", "num"], ["brand_id", "num"], ["allow_channelback", "bool"],
  ["allow_attachments", "bool"], ["from_messaging_channel", "bool"], ["generated_timestamp", "num"],
]);
