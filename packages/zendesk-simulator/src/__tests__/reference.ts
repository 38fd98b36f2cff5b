/**
 * Loads the reference exchanges the fidelity test replays: real recorded
 * exchanges (reference/zendesk-api/recorded), trimmed real samples
 * (reference/zendesk-api/samples) and Airbyte's response fixtures
 * (reference/airbyte-zendesk/responses, + synthetic/), each with the request
 * that produces it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { referencePath } from "@calabi/fixtures";

/** fixtures/reference in the repository (see fixtures/README.md for provenance). */
export const SHARED = referencePath();

export interface ReferenceExchange {
  /** file and interaction index, for messages */
  source: string;
  method: string;
  /** path + query, placeholders like {ticket_id} allowed */
  path: string;
  status: number;
  body: unknown;
  /** envelope is the live shape (false for fixtures whose envelope is a test convenience) */
  envelope: boolean;
  /** request body for POSTs */
  requestBody?: string;
  requestContentType?: string;
  /** auth header override ("" = none) */
  authorization?: string;
  recordKey?: string;
  /** Which simulated account answers: the default one, one whose incremental budget is spent, or a Team-plan one. */
  account?: "default" | "rate-limited" | "team-plan";
  /** Real, untrimmed response: the simulator must not add fields either. */
  strictExtra: boolean;
  /** Why a fixture's envelope is not the live one (fixture shape, not live: records still compared). */
  envelopeShape?: string;
  /** Why a trimmed sample is compared without strictExtra. */
  trimmed?: string;
}

const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8"));

function pathOf(uri: string): string {
  const u = new URL(uri);
  return u.pathname + u.search;
}

export function recordedExchanges(): ReferenceExchange[] {
  const dir = join(SHARED, "zendesk-api/recorded");
  const out: ReferenceExchange[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
    const d = readJson(join(dir, f));
    (d.interactions as any[]).forEach((it, i) => {
      out.push({
        source: `recorded/${f}#${i}`,
        method: it.request.method,
        // a ticket id of the recorded account names no ticket of ours: replay on one of ours
        path: pathOf(it.request.uri).replace(/^\/api\/v2\/tickets\/\d+\/comments/, "/api/v2/tickets/{ticket_id}/comments"),
        status: it.response.status.code,
        body: it.response.body,
        envelope: true,
        strictExtra: true,
        recordKey: f === "users-me.json" ? "user" : undefined,
      });
    });
  }
  return out;
}

/**
 * Samples whose record fields (or meta) were cut by the fixture author: a field they lack is no
 * evidence that the live response lacks it, so they are compared like the Airbyte fixtures (missing
 * fields and JSON types still checked, extra fields allowed). One reason per file.
 */
export const TRIMMED_SAMPLES: Record<string, string> = {
  "community-post-comments-cursor-page.json":
    "Airbyte template, record fields trimmed (its _about says so); meta cursors absent although every recorded non-empty HC cursor page (recorded/help-center-categories…, community-topics…) carries after_cursor/before_cursor",
  "community-votes-cursor-page.json":
    "Airbyte template (placeholder ids): votes trimmed to id/user_id/value/dates; schema votes.json and ZENDESK-API.md §9 list url, item_id, item_type; same meta trim as post comments",
  "sla-policies.json": "Airbyte template, hand-made (its _about says so); schemas/sla_policies.json lists url",
  "routing-account-attributes.json": "Airbyte template, trimmed to id/name/url; schemas/account_attributes.json lists created_at, updated_at",
};

/** Sample files: `_about.endpoint` is "GET /api/v2/... (notes)". */
export function sampleExchanges(): ReferenceExchange[] {
  const dir = join(SHARED, "zendesk-api/samples");
  const out: ReferenceExchange[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".json") && x !== "error-bodies.json").sort()) {
    const d = readJson(join(dir, f));
    const endpoint = String(d._about?.endpoint ?? "");
    const m = /^(GET|POST)\s+(\S+)/.exec(endpoint);
    if (!m) continue;
    let path = m[2].replace(/start_time=\.\.\./, "start_time=0").replace(/cursor=\.\.\./, "cursor=MTAwMDAwMDAwMC4wfHwwfA%3D%3D");
    // a cursor-paginated sample whose endpoint note omits page[size] was fetched in cursor mode
    if (d.response_body?.meta && !path.includes("page[size]")) path += `${path.includes("?") ? "&" : "?"}page[size]=100`;
    const single = /\/metrics$/.test(path.split("?")[0]) ? "ticket_metric" : undefined;
    const trimmed = TRIMMED_SAMPLES[f];
    out.push({ source: `samples/${f}`, method: m[1], path, status: d.status ?? 200, body: d.response_body, envelope: true, strictExtra: !trimmed, recordKey: single, trimmed });
  }
  return out;
}

/** Airbyte fixtures: which request produces each, and whether its envelope is the live one. */
const AIRBYTE: Record<string, { path: string; envelope?: boolean; shape?: string; method?: string; body?: string; contentType?: string; authorization?: string; recordKey?: string; account?: ReferenceExchange["account"] }> = {
  "account_attributes.json": { path: "/api/v2/routing/attributes" },
  "article_attachments.json": { path: "/api/v2/help_center/articles/{article_id}/attachments", envelope: false },
  "article_comment_votes.json": { envelope: false, path: "/api/v2/help_center/articles/{article_id}/comments/{article_comment_id}/votes?page[size]=100" },
  "article_comments.json": { envelope: false, path: "/api/v2/help_center/articles/{article_id}/comments?page[size]=100" },
  "article_votes.json": { envelope: false, path: "/api/v2/help_center/articles/{article_id}/votes?page[size]=100" },
  "articles.json": { path: "/api/v2/help_center/incremental/articles?start_time=0", envelope: false },
  "attribute_definitions.json": { path: "/api/v2/routing/attributes/definitions" },
  "audit_logs.json": { path: "/api/v2/audit_logs?page[size]=100" },
  "automations.json": { path: "/api/v2/automations?page[size]=100" },
  "brands.json": { path: "/api/v2/brands?page[size]=100" },
  "categories.json": { path: "/api/v2/help_center/categories?page[size]=100", envelope: false },
  "custom_roles.json": { path: "/api/v2/custom_roles" },
  "group_memberships.json": { path: "/api/v2/group_memberships?page[size]=100" },
  "groups.json": { path: "/api/v2/groups", envelope: false },
  "macros.json": { path: "/api/v2/macros?page[size]=100" },
  "organization_fields.json": { path: "/api/v2/organization_fields" },
  "organization_memberships.json": { path: "/api/v2/organization_memberships?page[size]=100" },
  "organizations.json": { path: "/api/v2/incremental/organizations?start_time=0", envelope: false, shape: "cursor-export envelope (after_cursor/after_url) on a time-based export; live: next_page/count/end_of_stream/end_time (STREAMS.md Reference data, ZENDESK-API.md §4.2)" },
  "post_comments.json": { path: "/api/v2/community/posts/{post_id}/comments?page[size]=100", envelope: false },
  "posts.json": { path: "/api/v2/community/posts?page[size]=100", envelope: false },
  "satisfaction_ratings.json": { path: "/api/v2/satisfaction_ratings?page[size]=100" },
  "schedules.json": { path: "/api/v2/business_hours/schedules.json" },
  "sections.json": { path: "/api/v2/help_center/sections?page[size]=100", envelope: false },
  "side_conversations.json": { path: "/api/v2/tickets/{side_conversation_ticket_id}/side_conversations" },
  "sla_policies.json": { path: "/api/v2/slas/policies.json" },
  "stateful_ticket_metrics.json": { path: "/api/v2/tickets/{ticket_id}/metrics", envelope: false, recordKey: "ticket_metric" },
  "stateless_ticket_metrics.json": { path: "/api/v2/ticket_metrics?page[size]=100", envelope: false },
  "tags.json": { path: "/api/v2/tags?page[size]=100" },
  "ticket_activities.json": { path: "/api/v2/activities?page[size]=100", envelope: false },
  "ticket_audits.json": { path: "/api/v2/ticket_audits?page[size]=100" },
  "ticket_comments.json": { path: "/api/v2/incremental/ticket_events?start_time=0&include=comment_events", envelope: false },
  "ticket_events.json": { path: "/api/v2/incremental/ticket_events?start_time=0" },
  "ticket_fields.json": { path: "/api/v2/ticket_fields?page[size]=100" },
  "ticket_forms.json": { path: "/api/v2/ticket_forms" },
  // links/meta envelope: the export's CBP form, which it answers when page[size] is sent (ZENDESK-API.md §4.6)
  "ticket_metric_events.json": { path: "/api/v2/incremental/ticket_metric_events?start_time=0&page[size]=100" },
  "ticket_metrics.json": { path: "/api/v2/tickets/{ticket_id}/metrics", recordKey: "ticket_metric" },
  "ticket_skips.json": { path: "/api/v2/skips?page[size]=100" },
  "tickets.json": { path: "/api/v2/incremental/tickets/cursor.json?start_time=0" },
  "tickets_search.json": { path: "/api/v2/search/export?query=type%3Aticket&filter[type]=ticket&page[size]=100", envelope: false },
  "topics.json": { path: "/api/v2/community/topics?page[size]=100", envelope: false },
  "triggers.json": { path: "/api/v2/triggers?page[size]=100" },
  "user_fields.json": { path: "/api/v2/user_fields" },
  "user_identities.json": { path: "/api/v2/users/{user_id}/identities" },
  "users.json": { path: "/api/v2/incremental/users/cursor.json?start_time=0&include=identities" },
  "votes.json": { path: "/api/v2/community/posts/{post_id}/votes?page[size]=100", envelope: false },
  "synthetic/deleted_tickets_page.json": { path: "/api/v2/deleted_tickets?page[size]=100" },
  "synthetic/error_401_api_token.json": { path: "/api/v2/users/me.json", authorization: `Basic ${Buffer.from("nobody@example.com/token:wrong").toString("base64")}` },
  "synthetic/error_401_invalid_token.json": { path: "/api/v2/users/me.json", authorization: "Bearer expired-or-revoked" },
  "synthetic/error_403_no_access.json": { path: "/api/v2/audit_logs?page[size]=100", account: "team-plan" },
  "synthetic/error_422_side_conversations.json": { path: "/api/v2/tickets/{no_side_conversations_ticket_id}/side_conversations" },
  "synthetic/error_429_incremental_export.json": { path: "/api/v2/incremental/tickets/cursor.json?start_time=0", account: "rate-limited" },
  "synthetic/incremental_cursor_tickets_first_page.json": { path: "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=2" },
  "synthetic/incremental_cursor_tickets_last_page.json": { path: "/api/v2/incremental/tickets/cursor.json?cursor={last_ticket_cursor}" },
  "synthetic/incremental_time_organizations_page.json": { path: "/api/v2/incremental/organizations.json?start_time=0&per_page=2" },
  "synthetic/incremental_time_ticket_metric_events_last_page.json": { path: "/api/v2/incremental/ticket_metric_events.json?start_time={recent_start_time}" },
  "synthetic/links_next_first_page.json": { path: "/api/v2/tags?page[size]=2" },
  "synthetic/links_next_last_page.json": { path: "/api/v2/tags?page[after]={last_tags_cursor}&page[size]=2" },
  "synthetic/oauth_token_refresh_response.json": {
    path: "/oauth/tokens",
    method: "POST",
    body: "grant_type=refresh_token&refresh_token=fidelity-refresh&client_id=fidelity&client_secret=secret&expires_in=172800",
    contentType: "application/x-www-form-urlencoded",
    authorization: "",
  },
  "synthetic/offset_last_page_groups.json": { path: "/api/v2/groups.json?page=2&per_page=100" },
  "synthetic/offset_next_page_groups.json": { path: "/api/v2/groups.json?page=1&per_page=100" },
  "synthetic/search_export_tickets_first_page.json": { path: "/api/v2/search/export?query=type%3Aticket&filter[type]=ticket&page[size]=2" },
  "synthetic/side_conversations_per_ticket.json": { path: "/api/v2/tickets/{side_conversation_ticket_id}/side_conversations" },
  "synthetic/ticket_audits_before_url_page.json": { path: "/api/v2/ticket_audits.json?limit=200" },
};

/** Fixtures that are not responses (request samples) or generic placeholders. */
const NOT_RESPONSES = new Set(["synthetic/oauth_token_refresh_request_form.json", "error_403.json", "error_404.json", "error_500.json"]);

export function airbyteExchanges(): ReferenceExchange[] {
  const dir = join(SHARED, "airbyte-zendesk/responses");
  const files = [
    ...readdirSync(dir).filter((x) => x.endsWith(".json")),
    ...readdirSync(join(dir, "synthetic")).filter((x) => x.endsWith(".json")).map((x) => `synthetic/${x}`),
  ].sort();
  const out: ReferenceExchange[] = [];
  for (const f of files) {
    if (NOT_RESPONSES.has(f)) continue;
    const spec = AIRBYTE[f];
    if (!spec) throw new Error(`no request mapping for fixture ${f}`);
    const body = readJson(join(dir, f));
    const status = /error_(\d{3})/.exec(f)?.[1];
    out.push({
      source: `airbyte/${f}`,
      method: spec.method ?? "GET",
      path: spec.path,
      status: status ? Number(status) : spec.method === "POST" ? 201 : 200,
      body,
      envelope: spec.envelope ?? true,
      strictExtra: false,
      requestBody: spec.body,
      requestContentType: spec.contentType,
      authorization: spec.authorization,
      recordKey: spec.recordKey,
      account: spec.account,
      envelopeShape: spec.shape,
    });
  }
  return out;
}
