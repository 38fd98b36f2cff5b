/**
 * The kernel factories a connection is built from. Injectable (tests pass fakes through
 * `createZendeskSource({ factories })`); the default is the installed kernel's.
 */
import { createHttpClient, createRateBudget, type HttpClientOptions, type ConnectionHttpClient } from "@calabi/kernel";

export type HttpClientFactoryOptions = HttpClientOptions;
export type { ConnectionHttpClient };

export interface KernelFactories {
  createHttpClient: typeof createHttpClient;
  createRateBudget: typeof createRateBudget;
}

export function kernelFactories(): KernelFactories {
  return { createHttpClient, createRateBudget };
}
