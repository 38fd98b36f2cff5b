import type { ZodType } from "zod";
import type { ConnectorSpecification } from "../protocol/messages.js";
import type { Budget, BudgetWaitEvent } from "./budget.js";
import type { Clock } from "./clock.js";
import type { HttpClient } from "./http.js";
import type { Logger } from "./logger.js";
import type { BudgetFactory, HttpClientFactory } from "../tokens.js";
import type { Stream, StreamGroup } from "./stream.js";

export interface ConnectEnvironment {
  clock: Clock;
  logger: Logger;
  /** The container's HTTP client factory (a test or plugin may have replaced the kernel's). */
  createHttpClient?: HttpClientFactory;
  /** The container's budget factory. */
  createRateBudget?: BudgetFactory;
  /**
   * Persist a changed config (rotated OAuth tokens) before it is used: `read` emits a CONTROL
   * CONNECTOR_CONFIG message, `sync` rewrites the config file atomically.
   */
  persistConfig(config: Record<string, unknown>): Promise<void>;
  onBudgetWait?(event: BudgetWaitEvent): void;
}

export interface CheckResult {
  ok: boolean;
  /** Plain-words explanation when not ok (no secrets). */
  message?: string;
}

export interface ConnectionStats {
  requests: number;
  retries: number;
  rateLimitWaits: number;
}

/** A live connection to one account: authenticated HTTP client, budgets, base URL. */
export interface Connection {
  baseUrl: string;
  http: HttpClient;
  budget: Budget;
  check(): Promise<CheckResult>;
  stats(): ConnectionStats;
  close(): Promise<void>;
}

/** Registered by a source plugin (its `name` is what stream plugins extend). */
export interface SourceDefinition<C = any> {
  name: string;
  configSchema: ZodType<C>;
  spec(): ConnectorSpecification;
  /** Parses raw config into C; throws ConfigError with a one-paragraph message naming the problem. */
  parseConfig(raw: unknown): C;
  connect(config: C, env: ConnectEnvironment): Promise<Connection>;
}

/** Registered by a streams plugin: streams it contributes to a named source. */
export interface StreamSet {
  source: string;
  plugin: string;
  streams: Stream<any, any>[];
  /** Shared passes over one endpoint for streams that are selected together. */
  groups?: StreamGroup[];
}
