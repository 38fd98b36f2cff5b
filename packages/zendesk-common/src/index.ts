/**
 * @calabi/zendesk-common: what Zendesk stream plugins share. Zendesk's pagination families and
 * export paginators, its URL layout (`/api/v2/…`), start dates, the schema vocabulary, Help Center
 * brand hosts, per-brand reading and Guide child streams. The connection itself (config,
 * credentials, error rules, rate classes, check) is `@calabi/auth-zendesk`'s.
 */
export * from "./pagination/index.js";
export { apiUrl, apiPath, defineZendeskStream, recordsAt, type ZendeskStreamDefinition } from "./api.js";
export { startSeconds, exportStartTime } from "./start.js";
export { zendeskCount, zendeskSearchCount, countEstimate } from "./plan.js";
// The schema vocabulary (str, int, dateTime, …) is the `@calabi/zendesk-common/schema` subpath.
export { helpCenterBrandHosts, brandHost, allowedDownloadTarget, type BrandHost, type BrandHostsInput } from "./brand-hosts.js";
export {
  perBrand,
  brandHostsFor,
  hostOfRecord,
  tagBrand,
  brandState,
  composeBrandStates,
  unavailableRule,
  partitionRefusedRule,
  readChildPages,
  defineGuideChildStream,
  type GuideArea,
  type GuideChildDefinition,
} from "./guide-streams.js";
