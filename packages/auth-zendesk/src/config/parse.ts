/** `parseConfig`: raw JSON → typed config with defaults, or a ConfigError naming every problem. */
import { ConfigError, redactor } from "@calabi/kernel";
import { formatConfigProblems } from "./messages.js";
import { zendeskConfigSchema, type ZendeskConfig } from "./schema.js";

/** The raw object each parsed config came from, so rotated tokens can be written back without adding defaults. */
const rawConfigs = new WeakMap<object, Record<string, unknown>>();

export function parseConfig(raw: unknown): ZendeskConfig {
  // Secrets are known from this moment: mask them everywhere before anything can print them.
  registerConfigSecrets(raw);
  const result = zendeskConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(formatConfigProblems(result.error.issues, raw));
  }
  const config = result.data as ZendeskConfig;
  rawConfigs.set(config, raw as Record<string, unknown>);
  return config;
}

/** True for configs returned by `parseConfig` (defaults applied, validated). */
export function isParsedConfig(config: unknown): boolean {
  return !!config && typeof config === "object" && rawConfigs.has(config);
}

/** The config as the user wrote it (no defaults added), or the parsed config when unknown. */
export function originalConfig(config: ZendeskConfig): Record<string, unknown> {
  return rawConfigs.get(config) ?? (config as unknown as Record<string, unknown>);
}

/** Credential fields that hold secrets (airbyte_secret in the spec), wherever a user put them. */
const SECRET_FIELDS = ["access_token", "refresh_token", "client_secret", "client_id", "api_token"] as const;

/**
 * Registers every secret of a (raw or parsed) config with the kernel redactor. Only the secret
 * fields, not every key that merely contains "token" (`token_expiry_date` is not a secret).
 */
export function registerConfigSecrets(raw: unknown): void {
  if (!raw || typeof raw !== "object") return;
  const top = raw as Record<string, unknown>;
  const creds = top.credentials && typeof top.credentials === "object" ? (top.credentials as Record<string, unknown>) : {};
  for (const field of SECRET_FIELDS) {
    redactor.register(creds[field]);
    redactor.register(top[field]); // misplaced at the top level (invalid_config.json)
  }
}
