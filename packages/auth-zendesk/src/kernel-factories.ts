/**
 * The kernel factories a connection is built from (`createHttpClient`, `createRateBudget`).
 * Looked up at connect time so this package also loads against a kernel that predates them,
 * with a clear error instead of a module-linking failure.
 */
import * as kernel from "@calabi/kernel";
import { ConnectorError, type Authenticator, type Budget, type Clock, type ConnectionStats, type ErrorRule, type HttpClient, type Logger, type RateClass } from "@calabi/kernel";

export interface HttpClientFactoryOptions {
  authenticator: Authenticator;
  budget: Budget;
  clock: Clock;
  logger: Logger;
  rules?: ErrorRule[];
  retry?: unknown;
  connectionsPerOrigin?: number;
  timeoutMs?: number;
  userAgent?: string;
}

export type ConnectionHttpClient = HttpClient & { stats(): ConnectionStats; close(): Promise<void> };

export interface KernelFactories {
  createHttpClient(options: HttpClientFactoryOptions): ConnectionHttpClient;
  createRateBudget(options: { classes: RateClass[]; clock: Clock; logger?: Logger }): Budget;
}

export function kernelFactories(): KernelFactories {
  const k = kernel as unknown as Partial<KernelFactories>;
  if (typeof k.createHttpClient !== "function" || typeof k.createRateBudget !== "function") {
    throw new ConnectorError(
      "@calabi/auth-zendesk needs a @calabi/kernel that exports createHttpClient and createRateBudget: upgrade @calabi/kernel.",
      "system_error",
    );
  }
  return { createHttpClient: k.createHttpClient.bind(k), createRateBudget: k.createRateBudget.bind(k) };
}
