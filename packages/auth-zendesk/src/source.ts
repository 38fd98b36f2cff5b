/** The Zendesk SourceDefinition ("zendesk"): config, spec, and a live connection. */
import type { Connection, ConnectEnvironment, SourceDefinition } from "@calabi/kernel";
import { zendeskBaseUrl } from "./config/base-url.js";
import { isParsedConfig, parseConfig, registerConfigSecrets } from "./config/parse.js";
import { typedConfigSchema, type ZendeskConfig } from "./config/schema.js";
import { zendeskSpec } from "./config/spec.js";
import { checkZendeskConnection } from "./check.js";
import { createZendeskAuthenticator, type AuthenticatorEnvironment } from "./credentials/index.js";
import { zendeskErrorRules } from "./errors.js";
import { kernelFactories, type HttpClientFactoryOptions, type KernelFactories } from "./kernel-factories.js";
import { zendeskRateClasses, type ZendeskRateClassOptions } from "./rate-classes.js";
import { PACKAGE_VERSION } from "./version.js";

export const SOURCE_NAME = "zendesk";
export const USER_AGENT = `calabi-connect-zendesk/${PACKAGE_VERSION}`;

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 120;

/** The HTTP client's failure hints, in this config's words. */
export const ZENDESK_HINTS = {
  deadlineSetting: "request_timeout_seconds",
  maxResponseSetting: "max_response_mb",
  unresolvedHost: "check the subdomain or base_url and your network",
  stillRateLimited: "another client may be using up the API budget; lower num_workers or try later",
};

export interface ZendeskSourceOptions {
  /** Kernel factories (default: the installed kernel's); tests inject fakes. */
  factories?: KernelFactories;
  /** fetch used for the OAuth token endpoint (default: global fetch). */
  fetch?: typeof fetch;
  rateClasses?: ZendeskRateClassOptions;
  http?: Pick<HttpClientFactoryOptions, "connectionsPerOrigin" | "timeoutMs" | "deadlineMs" | "maxResponseBytes" | "userAgent" | "retry">;
  oauth?: AuthenticatorEnvironment["oauth"];
}

export interface ZendeskConnection extends Connection {
  config: ZendeskConfig;
}

export function createZendeskSource(options: ZendeskSourceOptions = {}): SourceDefinition<ZendeskConfig> {
  return {
    name: SOURCE_NAME,
    configSchema: typedConfigSchema,
    spec: zendeskSpec,
    parseConfig,
    async connect(input: ZendeskConfig, env: ConnectEnvironment): Promise<ZendeskConnection> {
      const config = isParsedConfig(input) ? input : parseConfig(input);
      registerConfigSecrets(config);
      // The run container's factories (a test or plugin may have replaced them), else the kernel's.
      const kernel = kernelFactories();
      const factories = options.factories ?? {
        createHttpClient: env.createHttpClient ?? kernel.createHttpClient,
        createRateBudget: env.createRateBudget ?? kernel.createRateBudget,
      };
      const baseUrl = zendeskBaseUrl(config);
      const authenticator = createZendeskAuthenticator(config, {
        clock: env.clock,
        logger: env.logger,
        persistConfig: (next) => env.persistConfig(next),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.oauth ? { oauth: options.oauth } : {}),
      });
      const budget = factories.createRateBudget({
        classes: zendeskRateClasses(options.rateClasses),
        clock: env.clock,
        logger: env.logger,
      });
      const unsubscribe = env.onBudgetWait ? budget.onWait(env.onBudgetWait) : undefined;
      const http = factories.createHttpClient({
        authenticator,
        budget,
        clock: env.clock,
        logger: env.logger,
        rules: zendeskErrorRules(config),
        hints: ZENDESK_HINTS,
        deadlineMs: (config.request_timeout_seconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000,
        ...(config.max_response_mb ? { maxResponseBytes: config.max_response_mb * 1024 * 1024 } : {}),
        userAgent: USER_AGENT,
        ...options.http,
      });
      let closing: Promise<void> | undefined;
      return {
        baseUrl,
        http,
        budget,
        config,
        check: () => checkZendeskConnection({ http, config, baseUrl }),
        stats: () => http.stats(),
        close: () => {
          closing ??= (async () => {
            unsubscribe?.();
            await http.close();
          })();
          return closing;
        },
      };
    },
  };
}

/** The source registered by the plugin. */
export const zendeskSource: SourceDefinition<ZendeskConfig> = createZendeskSource();
