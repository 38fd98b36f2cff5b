export * from "./schema.js";
export { parseConfig, originalConfig, registerConfigSecrets, isParsedConfig } from "./parse.js";
export { formatConfigProblems } from "./messages.js";
export { configJsonSchema } from "./json-schema.js";
export { zendeskSpec, advancedAuth, ACCESS_TOKEN_LIFETIME_SECONDS, DOCUMENTATION_URL } from "./spec.js";
export { zendeskBaseUrl, isLoopbackHost, baseUrlProblem, type BaseUrlConfig } from "./base-url.js";
export { subdomainProblem, isValidSubdomain } from "./subdomain.js";
export { defaultStartDate, startDateFor, formatStartDate, DEFAULT_START_DAYS } from "./start-date.js";
