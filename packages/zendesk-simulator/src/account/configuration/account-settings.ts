/** Business-hours schedules and custom agent roles. (Brands are served with the Help Center data.) */
import { bigId } from "../ids.js";
import type { AccountShape } from "../shape.js";
import type { JsonObject } from "../../core/types.js";
import { configId, configTimes, recordUrl } from "./common.js";

/** Intervals are minutes from Sunday 00:00 in the schedule's time zone. */
const weekdays = (startHour: number, endHour: number): JsonObject[] =>
  [1, 2, 3, 4, 5].map((d) => ({ start_time: d * 1440 + startHour * 60, end_time: d * 1440 + endHour * 60 }));

export function generateSchedules(shape: AccountShape): JsonObject[] {
  const schedules: [string, string, number, number][] = [
    ["Default schedule", "Eastern Time (US & Canada)", 9, 17],
    ["EMEA support hours", "Amsterdam", 8, 18],
  ];
  return schedules.map(([name, time_zone, from, to], i) => ({
    id: configId(shape.seed, "schedule", i), name, time_zone, intervals: weekdays(from, to), ...configTimes(shape, "schedule", i),
  }));
}

const ROLES: [string, string, JsonObject][] = [
  ["Administrator role", "Can manage the account", { ticket_access: "all", manage_business_rules: true, view_deleted_tickets: true, ticket_deletion: true }],
  ["Staff", "Can edit tickets within their groups", { ticket_access: "within-groups", manage_business_rules: false, view_deleted_tickets: false, ticket_deletion: false }],
  ["Team lead", "Can manage all tickets and forums", { ticket_access: "all", manage_business_rules: true, view_deleted_tickets: true, ticket_deletion: true }],
  ["Light agent", "Can view and add private comments", { ticket_access: "within-groups", manage_business_rules: false, light_agent: true, ticket_deletion: false }],
];

/** Ids match users' `custom_role_id` (admins → role 0, agents → role 1). */
export function generateCustomRoles(shape: AccountShape): JsonObject[] {
  return ROLES.map(([name, description, configuration], i) => ({
    id: bigId(shape.seed, "ticketForm", 100 + i), name, description, role_type: 0, team_member_count: i < 2 ? shape.counts.agents : 0,
    ...configTimes(shape, "customRole", i),
    configuration: {
      chat_access: true, end_user_list_access: "full", end_user_profile_access: "full", explore_access: "readonly", forum_access: "full",
      group_access: true, light_agent: false, macro_access: "full", manage_dynamic_content: false, manage_extensions_and_channels: false,
      manage_facebook: false, moderate_forums: false, organization_editing: true, organization_notes_editing: true, report_access: "readonly",
      side_conversation_create: true, ticket_comment_access: "public", ticket_editing: true, ticket_merge: true, ticket_tag_editing: true,
      twitter_search_access: false, user_view_access: "full", view_access: "playonly", voice_access: true, voice_dashboard_access: false,
      ...configuration,
    },
  }));
}
