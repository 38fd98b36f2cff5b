/**
 * The "github" SourceDefinition: config, spec, and a connection built from the kernel's HTTP client
 * (one retry engine) and rate budget, taught GitHub's credentials, errors and rate limit.
 */
import { createRequire } from "node:module";
import {
  type Clock,
  type Connection,
  type ConnectEnvironment,
  createHttpClient,
  createRateBudget,
  type ErrorRule,
  type RateClass,
  type SourceDefinition,
} from "@calabi/kernel";
import { type GithubConfig, configSchema, parseConfig, spec } from "./config.js";

export const SOURCE_NAME = "github";
export const USER_AGENT = `calabi-plugin-github-issues/${(createRequire(import.meta.url)("../package.json") as { version: string }).version}`;

/**
 * GitHub's primary limit for a token: 5,000 requests an hour. The budget spreads requests over the
 * hour, follows `x-ratelimit-limit` when GitHub reports another limit, and when
 * `x-ratelimit-remaining` reaches 0 holds requests until `x-ratelimit-reset` (a unix time, hence
 * `resetFormat: "epoch-seconds"`). The error rule below still handles a 403/429 that comes anyway.
 */
export const RATE_CLASSES: RateClass[] = [
  {
    name: "core",
    match: /^\//,
    requestsPerWindow: 5000,
    windowMs: 3_600_000,
    headerNames: ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"],
    resetFormat: "epoch-seconds",
  },
];

/** GitHub's answers in plain words: an exhausted rate limit waits until its reset, a bad token is a config error. */
export function githubErrorRules(clock: Clock): ErrorRule[] {
  return [
    (response) => {
      if (response.status !== 403 && response.status !== 429) return undefined;
      // Primary limit spent: wait until x-ratelimit-reset (a unix time), then go on.
      if (response.headers["x-ratelimit-remaining"] === "0" && response.headers["x-ratelimit-reset"]) {
        const resetMs = Number(response.headers["x-ratelimit-reset"]) * 1000;
        if (Number.isFinite(resetMs)) return { action: "rate_limited", delayMs: Math.max(1000, resetMs - clock.now() + 1000) };
      }
      // Secondary limit: GitHub says how long in Retry-After (the kernel's default is 60 s).
      if (response.headers["retry-after"]) return { action: "rate_limited" };
      return undefined;
    },
    (response) =>
      response.status === 401
        ? { action: "fail", failureType: "config_error", message: "GitHub refused the token (HTTP 401): check `token` in the config; it may be expired or revoked." }
        : undefined,
    (response) =>
      response.status === 404 || response.status === 403
        ? {
            action: "fail",
            failureType: "config_error",
            message: `GitHub answered HTTP ${response.status} for ${new URL(response.request.url).pathname}: check that the repository in \`repositories\` exists and that the token can read its issues.`,
          }
        : undefined,
  ];
}

export const githubSource: SourceDefinition<GithubConfig> = {
  name: SOURCE_NAME,
  configSchema,
  spec,
  parseConfig,
  async connect(config: GithubConfig, env: ConnectEnvironment): Promise<Connection> {
    // The run container's factories (a test or another plugin may have replaced them), else the kernel's.
    const budget = (env.createRateBudget ?? createRateBudget)({ classes: RATE_CLASSES, clock: env.clock, logger: env.logger });
    const unsubscribe = env.onBudgetWait ? budget.onWait(env.onBudgetWait) : undefined;
    const http = (env.createHttpClient ?? createHttpClient)({
      authenticator: {
        apply: async (request) => ({
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${config.token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
        }),
      },
      budget,
      clock: env.clock,
      logger: env.logger,
      rules: githubErrorRules(env.clock),
      userAgent: USER_AGENT,
      hints: { unresolvedHost: "check api_url and your network" },
    });
    return {
      baseUrl: config.api_url,
      http,
      budget,
      async check() {
        // One cheap request per repository: the token works and can see each of them.
        for (const repository of config.repositories) {
          try {
            await http.getJson(`${config.api_url}/repos/${repository}`, { maxAttempts: 1, label: "check" });
          } catch (error) {
            return { ok: false, message: (error as Error).message };
          }
        }
        return { ok: true };
      },
      stats: () => http.stats(),
      close: async () => {
        unsubscribe?.();
        await http.close();
      },
    };
  },
};
