/** Business rules: triggers, automations, macros and SLA policies. */
import { Rng } from "../../util/prng.js";
import { bigId } from "../ids.js";
import type { AccountShape } from "../shape.js";
import type { JsonObject } from "../../core/types.js";
import { configId, configTimes, recordUrl } from "./common.js";

const TRIGGER_TITLES = [
  "Notify requester and CCs of received request", "Notify requester of new proactive ticket", "Notify assignee of comment update",
  "Notify assignee of assignment", "Notify assignee of reopened ticket", "Notify group of assignment", "Notify all agents of received request",
  "Auto-assign billing requests", "Tag VIP customers", "Escalate urgent tickets",
];
const AUTOMATION_TITLES = [
  "Close ticket 4 days after status is set to solved", "Pending notification 24 hours", "Pending notification 5 days",
  "Remind assignee of on-hold tickets", "Escalate unassigned tickets after 8 hours",
];
const MACRO_TITLES = [
  "Customer not responding", "Downgrade and inform", "Close and redirect to topics", "Take it!", "Ask for order number",
  "Escalate to tier 2", "Refund approved", "Password reset instructions",
];

const cond = (field: string, operator: string, value: unknown): JsonObject => ({ field, operator, value: value as JsonObject[string] });
const act = (field: string, value: unknown): JsonObject => ({ field, value: value as JsonObject[string] });

export function generateTriggers(shape: AccountShape): JsonObject[] {
  return TRIGGER_TITLES.map((title, i) => {
    const id = configId(shape.seed, "trigger", i);
    const rng = Rng.for(shape.seed, "trigger", i);
    const notify = title.startsWith("Notify");
    return {
      url: recordUrl(shape, "triggers", id), id, title, active: i === 6 ? false : true, ...configTimes(shape, "trigger", i),
      default: notify, description: rng.bool(0.5) ? `${title} (managed)` : null, position: i + 1, raw_title: title,
      category_id: String(configId(shape.seed, "trigger", 1000)),
      conditions: {
        all: [cond("update_type", "is", i % 2 === 0 ? "Create" : "Change"), cond("status", "less_than", "solved")],
        any: i === 8 ? [cond("organization_id", "is", String(bigId(shape.seed, "organization", 0)))] : [],
      },
      actions: notify
        ? [act("notification_user", ["requester_id", `[{{ticket.account}}] ${title}`, "{{ticket.comments_formatted}}"])]
        : [act("set_tags", "auto_triaged"), act("group_id", String(bigId(shape.seed, "group", i % shape.counts.groups)))],
    };
  });
}

export function generateAutomations(shape: AccountShape): JsonObject[] {
  return AUTOMATION_TITLES.map((title, i) => {
    const id = configId(shape.seed, "automation", i);
    return {
      url: recordUrl(shape, "automations", id), id, title, active: true, ...configTimes(shape, "automation", i),
      default: i === 0,
      actions: i === 0 ? [act("status", "closed")] : [act("notification_user", ["assignee_id", title, "{{ticket.url}}"])],
      conditions: { all: [cond("status", "is", i === 0 ? "solved" : "pending"), cond("SOLVED", "greater_than", String(24 * (i + 1)))], any: [] },
      position: i, raw_title: title,
    };
  });
}

export function generateMacros(shape: AccountShape): JsonObject[] {
  return MACRO_TITLES.map((title, i) => {
    const id = configId(shape.seed, "macro", i);
    const rng = Rng.for(shape.seed, "macro", i);
    const restricted = rng.bool(0.3);
    return {
      url: recordUrl(shape, "macros", id), id, title, active: i !== 2, ...configTimes(shape, "macro", i),
      default: false, position: 9999, description: rng.bool(0.4) ? `Use for: ${title.toLowerCase()}` : null,
      actions: [act("status", i % 3 === 0 ? "pending" : "solved"), act("comment_value", `Hello {{ticket.requester.name}}, ${title.toLowerCase()}.`)],
      restriction: restricted ? { type: "Group", id: bigId(shape.seed, "group", 0), ids: [bigId(shape.seed, "group", 0)] } : null,
      raw_title: title,
    };
  });
}

export function generateSlaPolicies(shape: AccountShape): JsonObject[] {
  const policies: [string, string][] = [["Urgent tickets", "urgent"], ["High priority", "high"], ["Everything else", "normal"]];
  return policies.map(([title, priority], i) => {
    const id = configId(shape.seed, "slaPolicy", i);
    return {
      url: recordUrl(shape, "slas/policies", id), id, title, description: `${title} SLA`, position: i + 1,
      filter: { all: [cond("type", "is", "incident")], any: i === 2 ? [] : [cond("priority", "is", priority)] },
      policy_metrics: [
        { priority, metric: "first_reply_time", target: 60 * (i + 1), business_hours: i > 0 },
        { priority, metric: "requester_wait_time", target: 480 * (i + 1), business_hours: true },
      ],
      ...configTimes(shape, "slaPolicy", i),
    };
  });
}
