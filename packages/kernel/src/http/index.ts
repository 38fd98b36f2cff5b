export { lowerCaseHeaders } from "./headers.js";
export { createHttpClient, factorBackoff, type HttpClientOptions, type HttpRetryOptions, type HttpFailureHints, type ConnectionHttpClient } from "./client.js";
export { builtInRules, classify } from "./classify.js";
export { retryOn, type RetryOnOptions } from "./rules.js";
export { parseRetryAfter } from "./retry-after.js";
export { RetryEngine, type RetryPolicy, type AttemptOutcome, type RetryRun } from "./retry.js";
export { createDownloader, type Downloader, type DownloaderOptions } from "./download.js";
