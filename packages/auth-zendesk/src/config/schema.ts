/**
 * The Zendesk source config (STREAMS.md §1), field for field compatible with Airbyte's
 * source-zendesk-support spec. Secrets carry `airbyte_secret: true` in the generated JSON Schema.
 *
 * Field-level problems get their own wording here; `messages.ts` turns zod issues into one
 * paragraph for the user.
 */
import { z } from "zod";
import { baseUrlProblem } from "./base-url.js";
import { subdomainProblem } from "./subdomain.js";

export const START_DATE_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;

export const CREDENTIAL_METHODS = ["oauth2_refresh", "api_token", "oauth2.0"] as const;
export type CredentialMethod = (typeof CREDENTIAL_METHODS)[number];

/** A required secret string (never empty). */
const secret = (title: string) => z.string().min(1).meta({ title, airbyte_secret: true });

const dateTime = (problem: string) =>
  z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), { error: problem })
    .meta({ format: "date-time" });

export const oauthRefreshCredentialsSchema = z
  .looseObject({
    credentials: z.literal("oauth2_refresh").meta({ order: 0 }),
    client_id: secret("Client ID").meta({ description: "The client ID of your Zendesk OAuth client." }),
    client_secret: secret("Client Secret").meta({ description: "The client secret of your Zendesk OAuth client." }),
    refresh_token: secret("Refresh Token").meta({
      description: "Single-use refresh token; rotated on every refresh and written back to the config.",
    }),
    access_token: secret("Access Token")
      .meta({ description: "Current access token; obtained automatically when absent or expired." })
      .optional(),
    token_expiry_date: dateTime(
      "must be a date-time such as 2024-01-03T00:00:00Z (it is written back after each refresh; remove it to force a refresh)",
    )
      .meta({ title: "Token Expiry Date", description: "When the access token expires." })
      .optional(),
  })
  .meta({ title: "OAuth2.0 with Refresh Token", description: "Recommended: expiring access tokens refreshed automatically." });

export const apiTokenCredentialsSchema = z
  .looseObject({
    credentials: z.literal("api_token").meta({ order: 0 }),
    email: z
      .string()
      .min(1)
      .refine((v) => /^[^\s@]+@[^\s@]+$/.test(v), { error: "must be the Zendesk user's email address, e.g. agent@example.com" })
      .meta({ title: "Email", description: "The email address of the Zendesk user the API token belongs to." }),
    api_token: secret("API Token").meta({ description: "A Zendesk API token (Admin Center → Apps and integrations → APIs)." }),
  })
  .meta({ title: "API Token", description: "Basic authentication with an email address and an API token." });

export const legacyOAuthCredentialsSchema = z
  .looseObject({
    credentials: z.literal("oauth2.0").meta({ order: 0 }),
    access_token: secret("Access Token").meta({ description: "A non-expiring OAuth access token; never refreshed." }),
    client_id: secret("Client ID").optional(),
    client_secret: secret("Client Secret").optional(),
  })
  .meta({ title: "OAuth2.0 (Legacy)", description: "A non-expiring OAuth access token (legacy clients only)." });

export const credentialsSchema = z
  .discriminatedUnion("credentials", [oauthRefreshCredentialsSchema, apiTokenCredentialsSchema, legacyOAuthCredentialsSchema])
  .meta({ title: "Authentication", order: 1, description: "How to authenticate to Zendesk." });

const fieldCheck =
  (problem: (value: string) => string | undefined) =>
  (value: string, ctx: z.core.$RefinementCtx<string>) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message, input: value });
  };

const configShape = z.looseObject({
  subdomain: z
    .string()
    .superRefine(fieldCheck(subdomainProblem))
    .meta({ title: "Subdomain", order: 0, description: "Account subdomain: the X in https://X.zendesk.com/" }),
  credentials: credentialsSchema.optional(),
  start_date: z
    .string()
    .regex(START_DATE_PATTERN, { error: "must look like YYYY-MM-DDTHH:mm:ssZ, e.g. 2020-10-15T00:00:00Z" })
    .refine((v) => !START_DATE_PATTERN.test(v) || !Number.isNaN(Date.parse(v)), { error: "is not a real calendar date-time" })
    .meta({
      title: "Start Date",
      order: 2,
      format: "date-time",
      pattern_descriptor: "YYYY-MM-DDTHH:mm:ssZ",
      examples: ["2020-10-15T00:00:00Z"],
      description: "Optional; when absent most streams start 730 days ago (audit_logs: 3650 days).",
    })
    .optional(),
  num_workers: z
    .int()
    .min(1)
    .max(40)
    .meta({
      title: "Number of concurrent threads",
      order: 3,
      examples: [2, 3, 10],
      description: "How many stream partitions are read at once (1–40).",
    })
    .default(3),
  page_size: z
    .int()
    .min(1)
    .max(1000)
    .meta({
      title: "Page Size (ticket_comments)",
      order: 4,
      examples: [100, 250, 500],
      description: "Records per page for ticket_comments. Unset: the largest page Zendesk allows, halved on timeouts (504, slow pages) and grown back when pages are fast; set it to fix the size.",
    })
    .optional(),
  ticket_search_lookback_days: z
    .int()
    .min(0)
    .meta({
      title: "Tickets Search Lookback Window (days)",
      order: 5,
      examples: [0, 7, 30],
      description: "Days re-read by the opt-in tickets_search stream to catch search-index delays.",
    })
    .default(0),
  ignore_pagination: z
    .boolean()
    .meta({ title: "[Deprecated] ignore pagination", airbyte_hidden: true, description: "Accepted and ignored." })
    .default(false),
  attachments_download: z
    .boolean()
    .meta({
      title: "Download article attachments",
      order: 7,
      description:
        "article_attachments: store each file under <output>/files/ (named by content hash) during `sync`. The record gains file_relative_path, file_size_bytes and file_sha256.",
    })
    .optional(),
  attachments_max_bytes: z
    .int()
    .min(1)
    .meta({
      title: "Largest attachment to download (bytes)",
      order: 8,
      examples: [52428800],
      description: "Files above this size are not stored; the record says why (default 52428800, 50 MiB).",
    })
    .optional(),
  request_timeout_seconds: z
    .int()
    .min(1)
    .max(3600)
    .meta({
      title: "Request deadline (seconds)",
      order: 9,
      examples: [120],
      description: "Longest time one API request may take, headers and body together, before it is retried (default 120).",
    })
    .optional(),
  max_response_mb: z
    .int()
    .min(1)
    .max(2048)
    .meta({
      title: "Largest API response (MiB)",
      order: 10,
      examples: [128],
      description: "A response body larger than this (after decompression) fails the request instead of being held in memory (default 128).",
    })
    .optional(),
  base_url: z
    .string()
    .superRefine(fieldCheck(baseUrlProblem))
    .meta({
      title: "Base URL",
      order: 6,
      description:
        "Overrides https://{subdomain}.zendesk.com (simulators, proxies). https only, or http for loopback hosts; no trailing slash.",
    })
    .optional(),
});

/**
 * The whole config. `credentials` is optional in the published JSON Schema (as in Airbyte's spec)
 * but a connection cannot be made without it, so parsing requires it.
 */
export const zendeskConfigSchema = configShape
  .refine((config) => config !== null && typeof config === "object" && config.credentials !== undefined, {
    path: ["credentials"],
    error: "is required",
    when: () => true,
  })
  .meta({ title: "Zendesk Support source config", description: "Calabi Connect for Zendesk: connection settings." });

export type OAuthRefreshCredentials = z.output<typeof oauthRefreshCredentialsSchema>;
export type ApiTokenCredentials = z.output<typeof apiTokenCredentialsSchema>;
export type LegacyOAuthCredentials = z.output<typeof legacyOAuthCredentialsSchema>;
export type ZendeskCredentials = z.output<typeof credentialsSchema>;

/** A parsed config: defaults applied, credentials present, unknown fields kept. */
export type ZendeskConfig = z.output<typeof configShape> & { credentials: ZendeskCredentials };
/** What a user may write (defaults optional). */
export type ZendeskConfigInput = z.input<typeof configShape>;

/** The schema typed with the narrowed output (credentials guaranteed by the refinement). */
export const typedConfigSchema = zendeskConfigSchema as unknown as z.ZodType<ZendeskConfig, ZendeskConfigInput>;

/** Names of credential fields that are secrets (airbyte_secret). */
export const SECRET_CREDENTIAL_FIELDS = ["client_id", "client_secret", "refresh_token", "access_token", "api_token"] as const;
