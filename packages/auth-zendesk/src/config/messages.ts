/**
 * Turns zod issues into one paragraph a user can act on: every problem named by its field path
 * (`config.credentials.email`), no secret value ever echoed.
 */
import type { z } from "zod";
import { CREDENTIAL_METHODS } from "./schema.js";

type Issue = z.core.$ZodIssue;

const INTEGER_RANGES: Record<string, string> = {
  num_workers: "a whole number from 1 to 40",
  page_size: "a whole number from 1 to 1000",
  ticket_search_lookback_days: "a whole number of days, 0 or more",
};

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
};

const METHOD_LIST = CREDENTIAL_METHODS.map((m) => `"${m}"`).join(", ");

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    "config",
  );
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function credentialMethod(raw: unknown): string | undefined {
  const method = valueAt(raw, ["credentials", "credentials"]);
  return typeof method === "string" ? method : undefined;
}

/** One sentence fragment per issue, each starting with the field path. */
export function describeIssue(issue: Issue, raw: unknown): string {
  const path = issue.path;
  const where = fieldPath(path);
  const field = String(path[path.length - 1] ?? "");
  const value = valueAt(raw, path);
  const inCredentials = path[0] === "credentials" && path.length === 2;
  const method = credentialMethod(raw);

  if (issue.code === "invalid_union" && (issue as { discriminator?: string }).discriminator === "credentials") {
    const given = valueAt(raw, ["credentials", "credentials"]);
    if (given === undefined) {
      return `config.credentials.credentials is required and names the method: one of ${METHOD_LIST}`;
    }
    const shown = typeof given === "string" && /^[\w.-]{1,40}$/.test(given) ? ` (got "${given}")` : "";
    return `config.credentials.credentials must be one of ${METHOD_LIST}${shown}`;
  }

  if (issue.code === "invalid_type") {
    if (value === undefined) {
      if (inCredentials && method) return `${where} is required for credentials "${method}"`;
      return `${where} is required`;
    }
    if (path.length === 1 && field in INTEGER_RANGES) return `${where} must be ${INTEGER_RANGES[field]}`;
    if (path.length === 0) return "the config must be a JSON object";
    return `${where} must be ${TYPE_WORDS[String(issue.expected)] ?? String(issue.expected)}`;
  }

  if (issue.code === "too_small" || issue.code === "too_big") {
    if (issue.origin === "string") return `${where} must not be empty`;
    if (path.length === 1 && field in INTEGER_RANGES) return `${where} must be ${INTEGER_RANGES[field]}`;
    const bound = issue.code === "too_small" ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
    return `${where} must be ${bound}`;
  }

  if (issue.code === "invalid_value" && path.length === 2 && field === "credentials") {
    return `config.credentials.credentials must be one of ${METHOD_LIST}`;
  }

  if (issue.code === "custom" && field === "credentials" && path.length === 1) {
    return missingCredentialsMessage(raw);
  }

  // custom and format issues carry our own predicate wording ("must …").
  return `${where} ${issue.message}`;
}

/** invalid_config.json puts `email`/`api_token` at the top level: say where they belong. */
function missingCredentialsMessage(raw: unknown): string {
  const base = `config.credentials is required: an object whose "credentials" field is one of ${METHOD_LIST}`;
  if (!raw || typeof raw !== "object") return base;
  const top = raw as Record<string, unknown>;
  if ("email" in top || "api_token" in top) {
    return `${base}; email and api_token were found at the top level, move them into config.credentials with "credentials": "api_token"`;
  }
  if ("access_token" in top || "refresh_token" in top) {
    return `${base}; OAuth tokens were found at the top level, move them into config.credentials with "credentials": "oauth2_refresh" or "oauth2.0"`;
  }
  return base;
}

/** Every string the user gave under a secret-looking key (or anywhere in `credentials`), to scrub from messages. */
export function secretValues(raw: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, inSecret: boolean): void => {
    if (typeof node === "string") {
      if (inSecret && node.length >= 4) found.push(node);
      return;
    }
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const secretKey = /token|secret|password|authorization|api_key|client_id/i.test(key);
      visit(value, inSecret || secretKey);
    }
  };
  visit(raw, false);
  const creds = valueAt(raw, ["credentials"]);
  if (creds && typeof creds === "object") {
    for (const [key, value] of Object.entries(creds as Record<string, unknown>)) {
      if (key !== "credentials" && key !== "email" && typeof value === "string" && value.length >= 4) found.push(value);
    }
  }
  return found;
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join("***");
  }
  return out;
}

/** The full paragraph: "Invalid Zendesk config: a; b; c." */
export function formatConfigProblems(issues: readonly Issue[], raw: unknown): string {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return "Invalid Zendesk config: the config must be a JSON object with at least subdomain and credentials.";
  }
  const problems: string[] = [];
  for (const issue of issues) {
    const text = describeIssue(issue, raw);
    if (!problems.includes(text)) problems.push(text);
  }
  const paragraph = `Invalid Zendesk config: ${problems.join("; ")}.`;
  return scrub(paragraph, secretValues(raw));
}
