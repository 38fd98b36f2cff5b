/**
 * @calabi/auth-zendesk: the Zendesk source plugin. It owns the connection (config, credentials,
 * base URL, error rules, rate classes, check); stream plugins build on it.
 */
export * from "./config/index.js";
export * from "./credentials/index.js";
export { zendeskErrorRules, unauthorizedMessage, likelyMissingAccess, requestPath, type ErrorRulesConfig } from "./errors.js";
export {
  zendeskRateClasses,
  rateClassesFor,
  boundRateClass,
  RATE_CLASS,
  ACCOUNT_RATE_HEADERS,
  type ZendeskRateClassOptions,
} from "./rate-classes.js";
export { checkZendeskConnection, explainCheckFailure, CHECK_PATH, type CheckInput } from "./check.js";
export {
  createZendeskSource,
  zendeskSource,
  SOURCE_NAME,
  USER_AGENT,
  type ZendeskSourceOptions,
  type ZendeskConnection,
} from "./source.js";
export { kernelFactories, type KernelFactories, type HttpClientFactoryOptions, type ConnectionHttpClient } from "./kernel-factories.js";
export { describeNetworkError, errorCode, networkErrorCode } from "./network-errors.js";
export { PACKAGE_NAME, PACKAGE_VERSION } from "./version.js";
export { plugin } from "./plugin.js";

import { plugin } from "./plugin.js";
export default plugin;
