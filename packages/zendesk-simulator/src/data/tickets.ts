/**
 * Tickets, with the fields real exports carry (see recorded/incremental-tickets-*.json).
 * Deleted tickets keep their row with status "deleted"; after 30 days they are
 * scrubbed (subject/raw_subject "SCRUBBED", description "X").
 */
import { Rng } from "../prng.js";
import { toIso } from "../clock.js";
import { bigId } from "./ids.js";
import { apiBase, DAY, type AccountShape } from "./shape.js";
import { clusteredSecond, laterSecond } from "./time.js";
import { customFieldValue, userId, userOrganizationIndex, type Json, type JsonObject } from "./users.js";
import { PRODUCTS, PROBLEMS, SENTENCES } from "./vocab.js";

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

export function ticketTimes(shape: AccountShape, index: number): { created: number; updated: number; generated: number } {
  const rng = Rng.for(shape.seed, "ticket:times", index);
  const created = clusteredSecond(shape.seed, "ticket", index, shape.counts.tickets, 0.15, shape.historyStart, shape.historyEnd - 60);
  const updated = laterSecond(rng, created, 60 * DAY, shape.historyEnd, 0.2);
  // system updates (SLA, automations) bump generated_timestamp without touching updated_at
  const generated = rng.bool(0.3) ? laterSecond(rng, updated, 5 * DAY, shape.historyEnd, 0) : updated;
  return { created, updated, generated };
}

function statusFor(rng: Rng, ageDays: number): string {
  if (ageDays > 30) return rng.weighted([["closed", 70], ["solved", 20], ["pending", 4], ["open", 4], ["hold", 2]]);
  if (ageDays > 7) return rng.weighted([["solved", 40], ["closed", 20], ["open", 20], ["pending", 15], ["hold", 5]]);
  return rng.weighted([["new", 25], ["open", 40], ["pending", 20], ["hold", 5], ["solved", 10]]);
}

function via(rng: Rng, requesterEmail: string, requesterName: string, shape: AccountShape): JsonObject {
  const channel = rng.weighted([["email", 45], ["web", 25], ["api", 15], ["mobile", 5], ["voice", 5], ["chat", 5]] as const);
  switch (channel) {
    case "email":
      return {
        channel,
        source: {
          from: { address: requesterEmail, name: requesterName },
          to: { name: "Support", address: `support@${shape.subdomain}.zendesk.com` },
          rel: null,
        },
      };
    case "voice": {
      const phone = `+1${rng.int(200, 999)}${rng.int(1000000, 9999999)}`;
      return {
        channel,
        source: {
          rel: rng.pick(["voicemail", "inbound"]),
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

export type Person = { email: string; name: string };

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
  const rng = Rng.for(shape.seed, "ticket", index);
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
  const subject = rng.pick(PROBLEMS).replace("{p}", product).replace("{n}", String(rng.int(10000, 99999)));
  const description = rng.sample(SENTENCES, rng.int(2, 4)).join(" ");
  const tags: string[] = [];
  const nTags = rng.weighted([[0, 20], [1, 35], [2, 30], [3, 15]] as const);
  for (let k = 0; k < nTags; k++) {
    const t = shape.tagPool[rng.zipf(shape.tagPool.length, 0.7)];
    if (!tags.includes(t)) tags.push(t);
  }
  // custom field values use their own generators, so skipping them leaves the draws below unchanged
  const customFields: JsonObject[] = factsOnly ? [] : shape.ticketFields.map((def) => ({
    id: def.id,
    value: customFieldValue(Rng.for(shape.seed, `ticket:f:${def.key}`, index), def, shape.anchor) as Json,
  }));
  for (const cf of customFields) {
    // dropdown values also appear as tags, like the real product does
    const def = shape.ticketFields.find((d) => d.id === cf.id);
    if (def?.type === "tagger" && typeof cf.value === "string" && !tags.includes(cf.value)) tags.push(cf.value);
  }
  tags.sort();
  let satisfaction: Json = null;
  if (status === "solved" || status === "closed") {
    satisfaction = rng.weighted<Json>([
      [{ score: "unoffered" }, 40],
      [{ score: "offered" }, 30],
      [{ score: "good", id: bigId(shape.seed, "attachment", 5_000_000 + index), comment: rng.pick(["Thanks, very quick!", "", "Great help"]), reason: "No reason provided", reason_id: 0 }, 22],
      [{ score: "bad", id: bigId(shape.seed, "attachment", 5_000_000 + index), comment: "Took too long", reason: "The issue took too long to resolve", reason_id: 1001 }, 8],
    ]);
  } else if (rng.bool(0.3)) {
    satisfaction = { score: "unoffered" };
  }
  const collaborators = rng.bool(0.15) ? [userId(shape, agents + rng.zipf(shape.counts.endUsers))] : [];
  const followers = assigned && rng.bool(0.1) ? [userId(shape, rng.int(0, agents - 1))] : [];
  const type = rng.weighted<Json>([[null, 30], ["question", 30], ["incident", 20], ["problem", 8], ["task", 12]]);
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
      meta,
    };
  }

  const record: JsonObject = {
    url: `${apiBase(shape)}/tickets/${id}.json`,
    id,
    external_id: rng.bool(0.1) ? `ext-${rng.hex(8)}` : null,
    via: via(rng, user.email, user.name, shape),
    created_at: toIso(created),
    updated_at: toIso(updTs),
    type,
    subject: subj,
    raw_subject: subj,
    description: desc,
    priority: rng.weighted<Json>([[null, 25], ["low", 20], ["normal", 40], ["high", 12], ["urgent", 3]]),
    status,
    recipient: rng.bool(0.4) ? `support@${shape.subdomain}.zendesk.com` : null,
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
    fields: customFields.map((f) => ({ ...f })),
    followup_ids: [],
    ticket_form_id: shape.ticketFormIds[rng.bool(0.8) ? 0 : 1],
    brand_id: shape.brandIds[0],
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
    generated_timestamp: genTs,
  };
  return { record, meta };
}
