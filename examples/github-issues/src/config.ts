/** The source's config: a token, the repositories to read, where to start, and the API's address. */
import { ConfigError, type ConnectorSpecification, redactor, toJsonSchema } from "@calabi/kernel";
import { z } from "zod";

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export const configSchema = z.object({
  token: z.string().min(1).describe("A GitHub token (fine-grained or classic) that can read the repositories' issues."),
  repositories: z
    .array(z.string().regex(REPOSITORY, 'a repository is "owner/name"'))
    .min(1)
    .describe('The repositories to read, as "owner/name".'),
  start_date: z.iso.datetime({ offset: true }).optional().describe("Read issues and comments updated at or after this time (ISO 8601). Default: two years ago."),
  api_url: z.url().default("https://api.github.com").describe("The API's base URL (GitHub Enterprise Server: https://HOST/api/v3)."),
});

export type GithubConfig = z.infer<typeof configSchema>;

/** Parses a raw config; a bad one is a ConfigError naming every problem in one paragraph. */
export function parseConfig(raw: unknown): GithubConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "config"}: ${issue.message}`);
    throw new ConfigError(`The GitHub config is not valid: ${problems.join("; ")}.`);
  }
  // Every log line, error and file goes through the kernel's redactor: the token never leaves.
  redactor.register(parsed.data.token);
  return { ...parsed.data, api_url: parsed.data.api_url.replace(/\/+$/, "") };
}

export function spec(): ConnectorSpecification {
  const schema = toJsonSchema(configSchema) as Record<string, any>;
  schema.properties.token.airbyte_secret = true;
  return { documentationUrl: "https://www.npmjs.com/package/calabi-plugin-github-issues", connectionSpecification: schema, supportsIncremental: true };
}

/** Where a stream starts without state, as unix seconds: start_date, else two years back on the injected clock. */
export function startSeconds(config: GithubConfig, now: number): number {
  const configured = config.start_date ? Date.parse(config.start_date) : now - 730 * 86_400_000;
  return Math.floor(configured / 1000);
}
