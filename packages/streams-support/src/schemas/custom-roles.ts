import { any, bool, dateTime, int, obj, record, str } from "../schema/dsl.js";

const flag = bool;
const level = str;

/** Permissions of a custom role: booleans, or access levels such as "full", "readonly", "playonly". */
const configuration = obj({
  assign_tickets_to_any_group: flag(), chat_access: flag(), custom_objects: any(), end_user_list_access: level(),
  end_user_profile_access: level(), explore_access: level(), forum_access: level(), forum_access_restricted_content: flag(),
  group_access: flag(), light_agent: flag(), macro_access: level(), manage_automations: flag(), manage_business_rules: flag(),
  manage_contextual_workspaces: flag(), manage_deletion_schedules: level(), manage_dynamic_content: flag(),
  manage_extensions_and_channels: flag(), manage_facebook: flag(), manage_group_memberships: flag(), manage_groups: flag(),
  manage_macro_content_suggestions: flag(), manage_organization_fields: flag(), manage_organizations: flag(),
  manage_roles: level(), manage_skills: flag(), manage_slas: flag(), manage_suspended_tickets: flag(),
  manage_team_members: level(), manage_ticket_fields: flag(), manage_ticket_forms: flag(), manage_triggers: flag(),
  manage_user_fields: flag(), moderate_forums: flag(), organization_editing: flag(), organization_notes_editing: flag(),
  read_macro_content_suggestions: flag(), report_access: level(), side_conversation_create: flag(), ticket_access: level(),
  ticket_bulk_edit: flag(), ticket_comment_access: level(), ticket_deletion: flag(), ticket_editing: flag(),
  ticket_merge: flag(), ticket_redaction: flag(), ticket_tag_editing: flag(), twitter_search_access: flag(),
  user_view_access: level(), view_access: level(), view_deleted_tickets: flag(), view_filter_tickets: flag(),
  view_reduced_count: flag(), voice_access: flag(), voice_dashboard_access: flag(),
});

export const customRoleSchema = record({
  id: int(), name: str(), description: str(), role_type: int(), team_member_count: int(), configuration,
  manage_macro_content_suggestions: bool(), read_macro_content_suggestions: bool(), created_at: dateTime(), updated_at: dateTime(),
});
