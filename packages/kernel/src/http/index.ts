export { createHttpClient, type HttpClientOptions, type HttpRetryOptions, type ConnectionHttpClient } from "./client.js";
export { builtInRules, classify } from "./classify.js";
export { parseRetryAfter } from "./retry-after.js";
